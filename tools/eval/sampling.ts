/**
 * Deterministic splits and few-shot draws: the same seed gives the same rows on every
 * machine, so the documented learning curves can be reproduced exactly.
 */
import { rng } from '../../src/core/fewshot/prng.js';

export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  const r = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Held-apart test rows and a training pool, disjoint: the file is shuffled with a fixed
 * seed, the first `testRows` rows are scored, the rest only ever supply examples.
 */
export function splitHeldApart<T>(rows: readonly T[], testRows: number): { test: T[]; train: T[] } {
  const all = shuffled(rows, 0x5eed);
  const n = Math.min(testRows, Math.floor(all.length / 2));
  return { test: all.slice(0, n), train: all.slice(n) };
}

/**
 * The tuning part of a training pool: its last `testRows` rows (at most half) are scored,
 * examples come from the rest. Never overlaps the held-apart rows.
 */
export function tunePart<T>(pool: readonly T[], testRows: number): { test: T[]; train: T[] } {
  const n = Math.min(testRows, Math.floor(pool.length / 2));
  return { test: pool.slice(pool.length - n), train: pool.slice(0, pool.length - n) };
}

/** k examples per class (LM-BFF convention), drawn with `seed`; fewer when a class has fewer. */
export function drawPerClass<T extends { label: string }>(pool: readonly T[], k: number, seed: number): T[] {
  const order = shuffled(pool, 1000 + seed);
  const taken = new Map<string, number>();
  return order.filter((row) => {
    const n = taken.get(row.label) ?? 0;
    if (n >= k) return false;
    taken.set(row.label, n + 1);
    return true;
  });
}

/** k sentences with at least one entity, drawn with `seed`. */
export function drawSentences<T extends { entities: readonly unknown[] }>(pool: readonly T[], k: number, seed: number): T[] {
  return shuffled(
    pool.filter((s) => s.entities.length > 0),
    1000 + seed,
  ).slice(0, k);
}
