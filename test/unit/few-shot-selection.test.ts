import { describe, expect, it } from 'vitest';
import { bootstrapWins, CONFIDENCE, selectCandidate, signTestP, type UnitScores } from '../../src/core/fewshot/select-candidate.js';

/** Accuracy units: [correct, counted] per example. */
const acc = (correct: readonly number[]): UnitScores => ({ units: correct.map((c) => [c, 1]), metric: (s) => s[0]! / s[1]! });

describe('choosing a fit candidate over zero-shot', () => {
  const zero = acc([1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]); // 8 / 16

  it('keeps zero-shot when a candidate wins by a margin within the noise', async () => {
    // One more example right out of 16: the best cross-validated score, but not a confident win.
    const slightly = acc([1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(bootstrapWins(slightly, zero)).toBeLessThan(CONFIDENCE);
    const { best, results } = await selectCandidate(['zero', 'slightly'], (c) => (c === 'zero' ? zero : slightly));
    expect(best.cand).toBe('zero');
    expect(results[1]!.score).toBeGreaterThan(results[0]!.score);
  });

  it('takes the best candidate among those that win with confidence', async () => {
    const clearly = acc([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1]); // 14 / 16
    const better = acc([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1]); // 15 / 16
    expect(bootstrapWins(clearly, zero)).toBeGreaterThanOrEqual(CONFIDENCE);
    const { best } = await selectCandidate(['zero', 'clearly', 'better'], (c) => (c === 'zero' ? zero : c === 'clearly' ? clearly : better));
    expect(best.cand).toBe('better');
    // A tie keeps the earlier (simpler) one.
    expect((await selectCandidate(['zero', 'a', 'b'], (c) => (c === 'zero' ? zero : clearly))).best.cand).toBe('a');
  });

  it('is deterministic and never counts a candidate against itself as a win', () => {
    expect(bootstrapWins(zero, zero)).toBe(0.5);
    const other = acc([0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(bootstrapWins(other, zero)).toBe(bootstrapWins(other, zero));
  });

  it('needs more than a few differing examples: the sign test guards the bootstrap', async () => {
    // Right on 3 more of 16, wrong on none: most resamples miss none of the three, yet 3 of 3
    // in its favour happens by chance one time in eight.
    const three = acc([1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(bootstrapWins(three, zero)).toBeGreaterThanOrEqual(CONFIDENCE);
    expect(signTestP(three, zero)).toBeCloseTo(1 / 8, 10);
    expect((await selectCandidate(['zero', 'three'], (c) => (c === 'zero' ? zero : three))).best.cand).toBe('zero');
    // Binomial tail: 4 of 5 differing in its favour, P(X ≥ 4 | 5, ½) = 6 / 32.
    const fourOfFive = acc([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0]);
    expect(signTestP(fourOfFive, zero)).toBeCloseTo(6 / 32, 10);
    expect(signTestP(zero, zero)).toBe(1);
  });
});
