import { describe, expect, it } from 'vitest';
import { isHeldApart, nerParts } from '../../tools/eval/ner-split.js';

describe('the fixed held-apart part of conll2003-dev for NER', () => {
  it('holds apart every fifth block of 50 consecutive sentences, disjoint from the tuned part', () => {
    expect([0, 49, 199].map(isHeldApart)).toEqual([false, false, false]);
    expect([200, 249, 450, 3249].map(isHeldApart)).toEqual([true, true, true, true]);
    expect(isHeldApart(250)).toBe(false);
    const rows = Array.from({ length: 3250 }, (_, i) => i);
    const { tuned, heldApart } = nerParts(rows);
    expect(heldApart).toHaveLength(650);
    expect(tuned).toHaveLength(2600);
    expect(new Set([...tuned, ...heldApart]).size).toBe(3250);
  });
});
