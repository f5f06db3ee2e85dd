import { NONE_LABEL } from '../verbalizer/compile-verbalizer.js';
import { EVIDENCE_TYPES, FEATURE_NAMES } from './features.js';

/**
 * A multinomial logistic regression over span evidence (features.ts): classes are
 * EVIDENCE_TYPES then "none". Its probabilities are the entity scores (fitted by maximum
 * likelihood, so calibrated on the data it was fitted on); an entity is kept when its type's
 * probability reaches that type's threshold.
 */
export interface EvidenceModel {
  /** FEATURE_NAMES joined with commas, as fitted (checkEvidenceModel compares). */
  features: string;
  weights: readonly (readonly number[])[];
  thresholds: Readonly<Record<string, number>>;
  /**
   * Platt scaling of a kept entity's type probability into the reported score, fitted on
   * whether kept entities were right: score = sigmoid(a · logit(p) + b); monotone (a > 0).
   */
  calibration?: { a: number; b: number };
}

export const EVIDENCE_CLASSES: readonly string[] = [...EVIDENCE_TYPES, NONE_LABEL];

export function evidenceProbs(model: EvidenceModel, x: readonly number[]): number[] {
  const z = model.weights.map((w) => w.reduce((s, v, j) => s + v * x[j]!, 0));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export interface EvidenceType {
  type: string;
  score: number;
  accepted: boolean;
}

/** The most probable entity type (never "none") and whether it reaches its threshold and beats "none". */
export function evidenceType(model: EvidenceModel, x: readonly number[]): EvidenceType {
  const p = evidenceProbs(model, x);
  let best = 0;
  for (let c = 1; c < EVIDENCE_TYPES.length; c++) if (p[c]! > p[best]!) best = c;
  const type = EVIDENCE_TYPES[best]!;
  const raw = p[best]!;
  return { type, score: calibratedScore(model, raw), accepted: raw >= (model.thresholds[type] ?? 0.5) };
}

const logit = (p: number): number => Math.log(Math.max(p, 1e-9) / Math.max(1 - p, 1e-9));

/** The reported score of a kept entity whose type probability is `p` (p itself without a calibration). */
export function calibratedScore(model: EvidenceModel, p: number): number {
  if (!model.calibration) return p;
  const { a, b } = model.calibration;
  return 1 / (1 + Math.exp(-(a * logit(p) + b)));
}

/** Throws when a weights file was fitted on other features than the code computes. */
export function checkEvidenceModel(model: EvidenceModel): void {
  if (model.features !== FEATURE_NAMES.join() || model.weights.length !== EVIDENCE_CLASSES.length)
    throw new Error('NER evidence weights do not match the feature list: rerun tools/ner/fit-evidence.ts');
}
