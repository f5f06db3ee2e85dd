import { softmax } from './log-softmax.js';

/**
 * Temperature scaling (Guo et al. 2017): class probabilities p become softmax(log p / T).
 * T > 1 softens over-confident answers, T < 1 sharpens; the ranking (the label) never
 * changes. Presets carry a T chosen on the tuned part of the dev sets, fitted configs one
 * chosen by cross-validation on their examples, other configs DEFAULT_TEMPERATURE.
 */

/**
 * T of a zero-shot config that has none: about the median of the presets' temperatures
 * chosen on the tuning part of the dev sets (8, 5.19, 2.38; tools/eval/calibrate-presets.ts).
 * Prompt scores are over-confident (raw, 82 % of wrong sentiment answers scored above 0.9),
 * so it softens them.
 */
export const DEFAULT_TEMPERATURE = 5;

/** Probabilities with temperature `t` applied, and a per-class logit shift `bias` (vector scaling); unchanged for t = 1 and no bias. */
export function temper(probs: readonly number[], t: number, bias?: readonly number[]): number[] {
  if (t === 1 && !bias) return [...probs];
  return softmax(probs.map((p, c) => Math.log(Math.max(p, 1e-30)) / t + (bias?.[c] ?? 0)));
}

/** Temperatures tried: 0.25 … 16, log-spaced (49 steps). */
export const GRID = Array.from({ length: 49 }, (_, i) => 0.25 * 2 ** (i / 8));

/**
 * The temperature minimising the mean negative log-likelihood of `y` under `probs` (rows
 * left undefined, e.g. folds not scored, are skipped); 1 when there is nothing to fit.
 * A grid search: deterministic, and the NLL is convex in 1/T, so the grid's best is close.
 */
export function fitTemperature(probs: readonly (readonly number[] | undefined)[], y: readonly number[]): number {
  const rows = probs.flatMap((p, i) => (p ? [{ logp: p.map((v) => Math.log(Math.max(v, 1e-30))), c: y[i]! }] : []));
  if (rows.length === 0) return 1;
  let best = 1;
  let bestNll = Infinity;
  for (const t of GRID) {
    let nll = 0;
    for (const r of rows) {
      const z = r.logp.map((v) => v / t);
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
      nll += lse - z[r.c]!;
    }
    if (nll < bestNll - 1e-9) {
      bestNll = nll;
      best = t;
    }
  }
  return Number(best.toPrecision(4));
}

/**
 * Expected calibration error with `bins` equal-width bins of the winning probability:
 * Σ_b (n_b / n) · |accuracy_b − mean confidence_b|. 0 = scores mean what they say.
 */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 10): number {
  const n = confidence.length;
  if (n === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  confidence.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b]!++;
    conf[b]! += p;
    if (correct[i]) hits[b]!++;
  });
  return count.reduce((sum, k, b) => (k > 0 ? sum + (k / n) * Math.abs(hits[b]! / k - conf[b]! / k) : sum), 0);
}
