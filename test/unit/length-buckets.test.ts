import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lengthBuckets } from '../../src/backend/length-buckets.js';

const cost = (sorted: number[], ends: number[], passCost: number) => {
  let start = 0;
  let total = 0;
  for (const end of ends) {
    total += passCost + (end - start) * sorted[end - 1]!;
    start = end;
  }
  return total;
};

describe('lengthBuckets', () => {
  it('splits short and long rows into separate passes when padding costs more than a pass', () => {
    const sorted = [...Array<number>(8).fill(10), ...Array<number>(8).fill(50)];
    expect(lengthBuckets(sorted, { maxRows: 64, maxTokens: 4096, passCostTokens: 16 })).toEqual([8, 16]);
    // a pass that costs more than the padding it saves: one padded pass
    expect(lengthBuckets(sorted, { maxRows: 64, maxTokens: 4096, passCostTokens: 1_000 })).toEqual([16]);
  });

  it('respects the row and token bounds, covers every row, and is no worse than one pass', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 3, max: 128 }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 64 }), (lens, maxRows, passCost) => {
        const sorted = [...lens].sort((a, b) => a - b);
        const ends = lengthBuckets(sorted, { maxRows, maxTokens: 1024, passCostTokens: passCost });
        expect(ends.at(-1)).toBe(sorted.length);
        let start = 0;
        for (const end of ends) {
          expect(end).toBeGreaterThan(start);
          expect(end - start).toBeLessThanOrEqual(maxRows);
          if (end - start > 1) expect((end - start) * sorted[end - 1]!).toBeLessThanOrEqual(1024);
          start = end;
        }
        if (sorted.length <= maxRows && sorted.length * sorted.at(-1)! <= 1024) expect(cost(sorted, ends, passCost)).toBeLessThanOrEqual(cost(sorted, [sorted.length], passCost));
      }),
    );
  });
});
