import type { CompiledClassify } from '../config/compile-config.js';
import type { MaskedLM } from '../ports.js';
import { argmax } from '../scoring/log-softmax.js';
import { topK } from '../scoring/top-k.js';
import { scoreWithCalibration } from './score-prompts.js';

export interface Prediction {
  token: string;
  token_id: number;
  score: number;
}

export interface ClassifyResult {
  label: string;
  scores: Record<string, number>;
  truncated: boolean;
  /** Top mask predictions that explain the decision (when asked for). */
  predictions?: Prediction[];
}

export interface ClassifyOptions {
  calibrate?: boolean;
  /** Return this many top mask predictions per text (0 = none). */
  explain?: number;
}

/** Zero-shot classification: one batched forward pass for all texts of a request. */
export async function classify(
  model: MaskedLM,
  compiled: CompiledClassify,
  texts: readonly string[],
  options: ClassifyOptions = {},
): Promise<ClassifyResult[]> {
  const useCalibration = options.calibrate ?? compiled.config.options.calibrate;
  const inputs = texts.map((text) => ({ text: model.tokenizer.encodePlain(text) }));
  const scored = await scoreWithCalibration(model, compiled, inputs, useCalibration, Boolean(options.explain));
  const { labels } = compiled.verbalizer;
  return scored.map((s) => {
    const best = argmax(s.probs);
    const result: ClassifyResult = {
      label: labels[best]!,
      scores: Object.fromEntries(labels.map((l, i) => [l, s.probs[i]!])),
      truncated: s.truncated,
    };
    if (options.explain && s.firstMask) result.predictions = toPredictions(model, s.firstMask, options.explain);
    return result;
  });
}

export function toPredictions(model: MaskedLM, logProbs: Float32Array, k: number): Prediction[] {
  return topK(logProbs, k, model.tokenizer.specialIds).map((t) => ({
    token: model.tokenizer.idToToken(t.id),
    token_id: t.id,
    score: Math.exp(t.logProb),
  }));
}
