/**
 * Choosing among the fit's candidates without letting cross-validation noise pick a loser.
 * With 16 examples per class the out-of-fold scores of five candidates differ by a few
 * examples, and the best of them is often no better than zero-shot on new data. So a
 * candidate replaces zero-shot only when it beats it on most resamples of the examples (a
 * paired bootstrap over the out-of-fold predictions): otherwise the config stays zero-shot.
 */

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
}

/** Bootstrap resamples of the examples: fixed, so the same examples choose the same candidate on every runtime. */
const RESAMPLES = 400;
/** A candidate must beat zero-shot on this share of resamples (a one-sided paired test at about 10 %). */
export const CONFIDENCE = 0.9;

/** mulberry32: a small seedable PRNG (deterministic resamples). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sums = (units: readonly number[][], pick: readonly number[]): number[] => {
  const out = new Array<number>(units[0]?.length ?? 0).fill(0);
  for (const i of pick) units[i]!.forEach((v, j) => (out[j]! += v));
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
 * Scores every candidate; `candidates[0]` is zero-shot, the fallback. Returns all scored and
 * the chosen one: the best cross-validated score among candidates that beat zero-shot with
 * CONFIDENCE (ties keep the earlier, simpler one), else zero-shot.
 */
export function selectCandidate<C>(candidates: readonly C[], score: (c: C) => UnitScores): { results: Scored<C>[]; best: Scored<C> } {
  const scored = candidates.map((cand) => ({ cand, unit: score(cand) }));
  const base = scored[0]!.unit;
  const results = scored.map(({ cand, unit }, i) => ({
    cand,
    score: unit.metric(sums(unit.units, unit.units.map((_, k) => k))),
    wins: i === 0 ? 0.5 : bootstrapWins(unit, base),
  }));
  let best = results[0]!;
  for (const r of results.slice(1)) if (r.wins >= CONFIDENCE && r.score > best.score + 1e-9) best = r;
  return { results, best };
}
