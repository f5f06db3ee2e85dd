import type { CompiledVerbalizer } from '../verbalizer/compile-verbalizer.js';
import { logSumExp, softmax } from './log-softmax.js';

/**
 * How label-word evidence becomes a class score:
 * - `sum`: P(class) ∝ Σ_words P(word), with P(word) the product of its sub-token
 *   probabilities at consecutive masks (exact for single-token words);
 * - `mean_logprob`: class score = mean over words of the word's mean sub-token
 *   log-probability, then softmax across classes (length-normalized).
 */
export type Aggregation = 'sum' | 'mean_logprob';

/**
 * logProbsByCount.get(n)[m] is the log-softmax row of mask m in the prompt variant with n
 * masks. Returns class probabilities normalized to sum to 1.
 */
export function scoreClasses(verbalizer: CompiledVerbalizer, logProbsByCount: ReadonlyMap<number, Float32Array[]>, aggregation: Aggregation): number[] {
  const classScores = verbalizer.words.map((words) => {
    const perWord = words.map((w) => {
      const rows = logProbsByCount.get(w.ids.length);
      if (!rows) throw new Error(`no prompt variant with ${w.ids.length} masks`);
      let lp = 0;
      w.ids.forEach((id, m) => {
        lp += rows[m]![id]!;
      });
      return aggregation === 'sum' ? lp : lp / w.ids.length;
    });
    if (aggregation === 'sum') return logSumExp(perWord);
    return perWord.reduce((a, b) => a + b, 0) / perWord.length;
  });
  return softmax(classScores);
}

/**
 * Contextual calibration (Zhao et al. 2021): divide each class probability by the
 * probability the same prompt gives it for content-free inputs, then renormalize.
 */
export function calibrate(probs: readonly number[], prior: readonly number[]): number[] {
  const adjusted = probs.map((p, i) => p / Math.max(prior[i] ?? 1, 1e-12));
  const total = adjusted.reduce((a, b) => a + b, 0);
  return adjusted.map((p) => p / total);
}

/** Mean of several class distributions (the content-free inputs' prior). */
export function meanDistribution(dists: readonly number[][]): number[] {
  const n = dists[0]?.length ?? 0;
  const out = new Array<number>(n).fill(0);
  for (const d of dists) {
    d.forEach((p, i) => {
      out[i]! += p / dists.length;
    });
  }
  return out;
}
