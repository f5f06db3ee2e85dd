import type { ClassifyExample, NerExample } from '../../core/config/schema.js';
import { rng } from '../../core/fewshot/prng.js';

/** Validation rows at most (the rest trains): enough to choose an epoch, no more. */
export const MAX_VALIDATION = 500;

/**
 * Examples split into training and validation, seeded: a `fraction` of each label's examples
 * (at least one of every label with two or more; NER sentences drawn without stratifying),
 * at most MAX_VALIDATION in all. The same seed always gives the same split.
 */
export function splitValidation<E extends ClassifyExample | NerExample>(examples: readonly E[], fraction: number, seed: number): { train: E[]; val: E[] } {
  const r = rng(seed);
  const order = examples.map((e, i) => ({ e, i, key: r() })).sort((a, b) => a.key - b.key);
  const wanted = Math.min(MAX_VALIDATION, Math.round(examples.length * fraction));
  if (fraction <= 0 || wanted === 0) return { train: [...examples], val: [] };
  const groups = new Map<string, typeof order>();
  for (const o of order) {
    const key = 'label' in o.e ? o.e.label : '';
    const members = groups.get(key) ?? [];
    if (members.length === 0) groups.set(key, members);
    members.push(o);
  }
  const valIndex = new Set<number>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const k = Math.min(members.length - 1, Math.max(1, Math.round((members.length * wanted) / examples.length)));
    for (const m of members.slice(0, k)) valIndex.add(m.i);
  }
  return { train: examples.filter((_, i) => !valIndex.has(i)), val: examples.filter((_, i) => valIndex.has(i)) };
}
