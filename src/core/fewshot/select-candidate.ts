/**
 * Choosing among the fit's candidates without letting cross-validation noise pick a loser.
 * With 8-16 examples per class the out-of-fold scores of the candidates differ by a few
 * examples, and the best of them is often no better than zero-shot on new data. So a
 * candidate replaces zero-shot only when it beats it with confidence on the out-of-fold
 * predictions, by two paired tests: it is ahead on most bootstrap resamples of the examples,
 * and an exact sign test over the examples where the two differ rejects "no better" (the
 * bootstrap alone is over-confident when only 2-3 examples differ: resamples that miss them
 * all count as ties). Otherwise the config stays zero-shot.
 */
import { rng } from './prng.js';

/** Per-unit counts (a row for classify, a sentence for NER) and the metric over their sums. */
export interface UnitScores {
  units: number[][];
  metric: (sums: readonly number[]) => number;
}

export interface Scored<C> {
  cand: C;
  score: number;
  /** Fraction of bootstrap resamples on which the candidate beats zero-shot (ties count half). */
  wins: number;
  /** One-sided sign-test p-value of "no better than zero-shot" over the units where they differ. */
  p: number;
}

/** Bootstrap resamples of the examples: fixed, so the same examples choose the same candidate on every runtime. */
const RESAMPLES = 400;
/** A candidate must beat zero-shot on this share of resamples (a one-sided paired test at about 10 %). */
export const CONFIDENCE = 0.9;

const sums = (units: readonly number[][], pick: readonly number[]): number[] => {
  const out = new Array<number>(units[0]?.length ?? 0).fill(0);
  for (const i of pick) {
    units[i]!.forEach((v, j) => {
      out[j]! += v;
    });
  }
  return out;
};

/** Share of paired resamples on which `cand` scores above `base` (same units, same order). */
export function bootstrapWins(cand: UnitScores, base: UnitScores): number {
  const n = cand.units.length;
  if (n === 0) return 0;
  const next = rng(0x5eed);
  let wins = 0;
  for (let b = 0; b < RESAMPLES; b++) {
    const pick = Array.from({ length: n }, () => Math.floor(next() * n));
    const d = cand.metric(sums(cand.units, pick)) - base.metric(sums(base.units, pick));
    wins += d > 1e-12 ? 1 : d < -1e-12 ? 0 : 0.5;
  }
  return wins / RESAMPLES;
}

/**
 * One-sided exact sign test: over units where `cand` and `base` score differently (each
 * unit's own metric), the probability of at least as many units in the candidate's favour
 * if either were equally likely. 1 when no unit differs.
 */
export function signTestP(cand: UnitScores, base: UnitScores): number {
  let better = 0;
  let worse = 0;
  cand.units.forEach((u, i) => {
    const d = cand.metric(u) - base.metric(base.units[i]!);
    if (d > 1e-12) better++;
    else if (d < -1e-12) worse++;
  });
  const n = better + worse;
  if (n === 0) return 1;
  // P(X ≥ better), X ~ Binomial(n, ½), summed in log space (n ≤ a few hundred).
  let logC = 0; // log C(n, 0)
  let p = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    if (k >= better) p += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, p);
}

/** Whether `cand` beats `base` with `confidence` by both paired tests. */
export const beatsWithConfidence = (cand: UnitScores, base: UnitScores, confidence: number): boolean =>
  bootstrapWins(cand, base) >= confidence && signTestP(cand, base) <= 1 - confidence;

/**
 * Scores every candidate; `candidates[0]` is zero-shot, the fallback. Returns all scored and
 * the chosen one: the best cross-validated score among candidates that beat zero-shot with
 * CONFIDENCE by both tests (ties keep the earlier, simpler one), else zero-shot.
 */
export async function selectCandidate<C>(
  candidates: readonly C[],
  score: (c: C) => UnitScores | Promise<UnitScores>,
): Promise<{ results: Scored<C>[]; best: Scored<C> }> {
  const scored: { cand: C; unit: UnitScores }[] = [];
  for (const cand of candidates) scored.push({ cand, unit: await score(cand) });
  const base = scored[0]!.unit;
  const results = scored.map(({ cand, unit }, i) => ({
    cand,
    score: unit.metric(
      sums(
        unit.units,
        unit.units.map((_, k) => k),
      ),
    ),
    wins: i === 0 ? 0.5 : bootstrapWins(unit, base),
    p: i === 0 ? 1 : signTestP(unit, base),
  }));
  let best = results[0]!;
  for (const r of results.slice(1)) if (r.wins >= CONFIDENCE && r.p <= 1 - CONFIDENCE && r.score > best.score + 1e-9) best = r;
  return { results, best };
}
