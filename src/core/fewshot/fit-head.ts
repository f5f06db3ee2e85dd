import { noPace, type Pace } from '../pace.js';
import { softmax } from '../scoring/log-softmax.js';
import { gramLogits, headInput, headLogits } from './head.js';
import { searchLabelWords, type WordScore } from './label-word-search.js';
import { fitLogistic } from './logistic.js';
import type { MaskFeatures } from './mask-features.js';
import { gramBudget, gramCols, selectGrams } from './text-features.js';

/** Rows of a fit: one prompt each (a text for classify, a candidate span for NER). */
export interface FitRows {
  classes: number;
  y: number[];
  features: MaskFeatures;
  /** Content-free class prior when the config calibrates: the zero-shot answer the head starts from. */
  prior?: number[];
  /** Each row's text n-grams (text-features.ts); classify only. */
  grams?: string[][];
}

export type Method = 'zero_shot' | 'calibration' | 'head';
export interface Candidate {
  method: Method;
  lambda: number;
  /** A head over the verbalizer's class log-probabilities only (no vocabulary words): few parameters, for small k. */
  classesOnly?: boolean;
  /** λ of the text n-gram weights (which start at zero); absent: no n-gram features. */
  gramLambda?: number;
}

/** How a candidate is named in `learned.fit.candidates`. */
export const candidateName = (c: Candidate): string =>
  c.method !== 'head' ? c.method : `head${c.classesOnly ? '_classes' : ''}${c.gramLambda !== undefined ? '_ngrams' : ''}`;

/**
 * What the cross-validation chooses among, simplest first (ties keep the simpler one);
 * zero-shot first: it is kept unless another candidate beats it with confidence
 * (select-candidate.ts).
 */
export const CANDIDATES: readonly Candidate[] = [
  { method: 'zero_shot', lambda: 0 },
  { method: 'calibration', lambda: 0 },
  { method: 'head', lambda: 0.1, classesOnly: true },
  { method: 'head', lambda: 3 },
  { method: 'head', lambda: 1 },
  { method: 'head', lambda: 0.3 },
  { method: 'head', lambda: 0.1 },
  { method: 'head', lambda: 0.1, classesOnly: true, gramLambda: 0.01 },
  { method: 'head', lambda: 0.1, classesOnly: true, gramLambda: 0.003 },
  { method: 'head', lambda: 1, gramLambda: 0.01 },
  { method: 'head', lambda: 0.3, gramLambda: 0.003 },
];

/** Searched label words per class used as head features (16 or 32 did no better on sst2); at most 192 in all (the schema's bound is 256 features). */
export const wordsPerClass = (classes: number): number => Math.max(1, Math.min(8, Math.floor(192 / classes)));
/**
 * Besides the searched words, the head reads the words the model predicts most at the mask
 * for these examples (highest mean log-probability): on the sst2 and agnews dev sets the
 * mix beat searched words alone at 64 shots by 1-3 points, and 128 frequent words did no better than 64.
 */
export const FREQUENT_WORDS = 64;
export const featureBudget = (classes: number): number => classes * wordsPerClass(classes) + FREQUENT_WORDS;

export interface FittedHead {
  /** Columns of the feature pool the head reads. */
  cols: number[];
  center: number[];
  scale: number[];
  weights: number[][];
  bias: number[];
  evidence: WordScore[][];
  /** The n-gram vocabulary and its weights (one row per class), when the candidate reads n-grams. */
  grams?: string[];
  gramWeights?: number[][];
}

/**
 * Fits one candidate on `train` rows: label-word search picks the feature words, features
 * are standardized on the training rows, and the weights start at the zero-shot answer
 * (identity on the verbalizer's class log-probabilities, zero on the searched words; the
 * calibration prior in the bias) and are pulled back toward it with strength λ.
 */
export async function fitCandidate(rows: FitRows, train: readonly number[], cand: Candidate, pace: Pace = noPace): Promise<FittedHead> {
  const { classes, features } = rows;
  await pace(train.length * classes * (features.pool.length + 1) * 4);
  const evidence = searchLabelWords(features.values, rows.y, classes, train, wordsPerClass(classes));
  await pace(train.length * classes * (features.pool.length + 1) * 4);
  const cols =
    cand.method === 'head' && !cand.classesOnly
      ? [...new Set([...evidence.flat().map((w) => w.col), ...frequentCols(features.values, train, FREQUENT_WORDS)])].sort((a, b) => a - b)
      : [];
  const inputs = train.map((r) => inputOf(rows, r, cols));
  const dim = classes + cols.length;
  const center = new Array<number>(dim).fill(0);
  const scale = new Array<number>(dim).fill(1);
  if (cand.method !== 'zero_shot') {
    for (let j = 0; j < dim; j++) {
      const col = inputs.map((x) => x[j]!);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const sd = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / col.length);
      center[j] = mean;
      scale[j] = Math.max(sd, 0.05);
    }
  }
  const weights0 = Array.from({ length: classes }, (_, c) => Array.from({ length: dim }, (_, j) => (j === c ? scale[j]! : 0)));
  const bias0 = Array.from({ length: classes }, (_, c) => center[c]! - (rows.prior ? Math.log(Math.max(rows.prior[c]!, 1e-12)) : 0));
  if (cand.method === 'zero_shot') return { cols, center, scale, weights: weights0, bias: bias0, evidence };
  const x = inputs.map((v) => v.map((u, j) => (u - center[j]!) / scale[j]!));
  const y = train.map((r) => rows.y[r]!);
  // Balanced classes: each class weighs the same whatever its number of rows (NER's "none" rows dominate).
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]!++;
  const w = y.map((c) => 1 / counts[c]!);
  const vocab = cand.gramLambda !== undefined && rows.grams ? selectGrams(rows.grams, train, gramBudget(classes)) : undefined;
  const index = new Map(vocab?.map((g, i) => [g, i]));
  const grams = vocab && { rows: train.map((r) => gramCols(rows.grams![r]!, index)), dim: vocab.length, lambda: cand.gramLambda! };
  const fitted = await fitLogistic({ x, y, w, weights0, bias0, lambda: cand.lambda, biasOnly: cand.method === 'calibration', ...(grams && { grams }) }, pace);
  return { cols, center, scale, weights: fitted.weights, bias: fitted.bias, evidence, ...(vocab && { grams: vocab, gramWeights: fitted.gramWeights! }) };
}

function inputOf(rows: FitRows, r: number, cols: readonly number[]): number[] {
  return headInput(rows.features.classProbs[r]!, rows.features.values[r]!, cols);
}

export function predictRows(rows: FitRows, head: FittedHead, which: readonly number[]): number[][] {
  const index = head.grams && new Map(head.grams.map((g, i) => [g, i]));
  return which.map((r) => {
    const logits = headLogits(head, inputOf(rows, r, head.cols));
    if (!index || !head.gramWeights) return softmax(logits);
    const add = gramLogits(head.gramWeights, gramCols(rows.grams![r]!, index));
    return softmax(logits.map((v, c) => v + add[c]!));
  });
}

/**
 * Out-of-fold class probabilities of every row for one candidate (`fold[r]` = the fold row
 * r is held out in); the label-word search is redone inside each fold, so no fold sees its
 * own held-out rows.
 */
export async function crossValidate(rows: FitRows, fold: readonly number[], folds: number, cand: Candidate, pace: Pace = noPace): Promise<number[][]> {
  const out: number[][] = new Array(fold.length);
  for (let f = 0; f < folds; f++) {
    const train = fold.flatMap((g, r) => (g === f ? [] : [r]));
    const test = fold.flatMap((g, r) => (g === f ? [r] : []));
    if (test.length === 0 || train.length === 0) continue;
    const head = await fitCandidate(rows, train, cand, pace);
    predictRows(rows, head, test).forEach((p, i) => {
      out[test[i]!] = p;
    });
  }
  return out;
}

/** The `n` pool columns with the highest mean log-probability over `rows`. */
function frequentCols(values: readonly Float32Array[], rows: readonly number[], n: number): number[] {
  const cols = values[0]?.length ?? 0;
  const mean = new Float64Array(cols);
  for (const r of rows) for (let j = 0; j < cols; j++) mean[j]! += values[r]![j]!;
  return Array.from({ length: cols }, (_, j) => j)
    .sort((a, b) => mean[b]! - mean[a]! || a - b)
    .slice(0, n);
}
