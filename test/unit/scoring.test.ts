import { describe, expect, it } from 'vitest';
import { logSoftmax, softmax } from '../../src/core/scoring/log-softmax.js';
import { calibrate, meanDistribution, scoreClasses } from '../../src/core/scoring/score-classes.js';
import { topK } from '../../src/core/scoring/top-k.js';
import type { CompiledVerbalizer } from '../../src/core/verbalizer/compile-verbalizer.js';

const row = (probs: number[]): Float32Array => Float32Array.from(probs.map(Math.log));

describe('logSoftmax / softmax', () => {
  it('normalizes and is shift-invariant', () => {
    const a = logSoftmax(Float32Array.from([1, 2, 3]));
    const b = logSoftmax(Float32Array.from([1001, 1002, 1003]));
    expect([...a].map(Math.exp).reduce((x, y) => x + y)).toBeCloseTo(1, 6);
    [...a].forEach((v, i) => {
      expect(v).toBeCloseTo(b[i]!, 4);
    });
    expect(softmax([0, Math.log(3)])).toEqual([0.25, 0.75]);
  });
});

describe('scoreClasses', () => {
  // vocabulary of 6 ids; label A has words {0} and {1,2} (two sub-tokens), label B has {3}
  const verbalizer: CompiledVerbalizer = {
    labels: ['A', 'B'],
    words: [
      [
        { word: 'a0', ids: [0] },
        { word: 'a12', ids: [1, 2] },
      ],
      [{ word: 'b3', ids: [3] }],
    ],
    maskCounts: [1, 2],
  };
  const one = [row([0.2, 0.1, 0.1, 0.3, 0.2, 0.1])];
  const two = [row([0.1, 0.5, 0.1, 0.1, 0.1, 0.1]), row([0.1, 0.1, 0.4, 0.2, 0.1, 0.1])];
  const byCount = new Map([
    [1, one],
    [2, two],
  ]);

  it('sum: adds word probabilities; a multi-token word is the product over its masks', () => {
    const pA = 0.2 + 0.5 * 0.4; // a0 at the single mask + a12 over the two masks
    const pB = 0.3;
    const [a, b] = scoreClasses(verbalizer, byCount, 'sum');
    expect(a).toBeCloseTo(pA / (pA + pB), 5);
    expect(b).toBeCloseTo(pB / (pA + pB), 5);
  });

  it('mean_logprob: averages length-normalized log-probs, softmax across classes', () => {
    const sA = (Math.log(0.2) + (Math.log(0.5) + Math.log(0.4)) / 2) / 2;
    const sB = Math.log(0.3);
    const [a] = scoreClasses(verbalizer, byCount, 'mean_logprob');
    expect(a).toBeCloseTo(Math.exp(sA) / (Math.exp(sA) + Math.exp(sB)), 5);
  });

  it('never reads only the first sub-token of a multi-token word', () => {
    const changed = new Map(byCount);
    changed.set(2, [two[0]!, row([0.1, 0.1, 0.01, 0.49, 0.2, 0.1])]);
    expect(scoreClasses(verbalizer, changed, 'sum')[0]).toBeLessThan(scoreClasses(verbalizer, byCount, 'sum')[0]!);
  });
});

describe('contextual calibration', () => {
  it('divides by the content-free prior and renormalizes', () => {
    const c = calibrate([0.6, 0.4], [0.75, 0.25]);
    expect(c[0]).toBeCloseTo(1 / 3, 12);
    expect(c[1]).toBeCloseTo(2 / 3, 12);
    const uniform = calibrate([0.6, 0.4], [0.5, 0.5]);
    expect(uniform[0]).toBeCloseTo(0.6, 10);
    expect(
      meanDistribution([
        [0.8, 0.2],
        [0.6, 0.4],
      ]).map((x) => +x.toFixed(10)),
    ).toEqual([0.7, 0.3]);
  });
});

describe('topK', () => {
  it('returns the k best ids in order, skipping excluded ones', () => {
    const r = Float32Array.from([0.1, 0.9, 0.5, 0.7, 0.3]);
    expect(topK(r, 2, new Set()).map((t) => t.id)).toEqual([1, 3]);
    expect(topK(r, 3, new Set([1])).map((t) => t.id)).toEqual([3, 2, 4]);
  });
});
