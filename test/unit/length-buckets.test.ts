import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lengthBuckets } from '../../src/backend/length-buckets.js';
import type { MaskedRow } from '../../src/core/ports.js';
import { defaultModel } from '../support/model.js';

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
      fc.property(
        fc.array(fc.integer({ min: 3, max: 128 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 64 }),
        (lens, maxRows, passCost) => {
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
          if (sorted.length <= maxRows && sorted.length * sorted.at(-1)! <= 1024)
            expect(cost(sorted, ends, passCost)).toBeLessThanOrEqual(cost(sorted, [sorted.length], passCost));
        },
      ),
    );
  });
});

describe('length-bucketed passes on the real model', () => {
  it('give every row the logits it gets alone, and pad far less than one padded pass', async () => {
    const model = await defaultModel();
    const t = model.tokenizer;
    const texts = [
      'Fine.',
      'I really like the film a lot.',
      'the acting was wooden , the plot made no sense and the ending dragged on for what felt like an hour',
      'ok',
      'Paris',
      'A charming, funny and beautifully shot story about growing up in a small town by the sea.',
    ];
    const rows: MaskedRow[] = texts.map((text) => {
      const ids = [t.clsTokenId, ...t.encodePlain(`${text} It was`), t.maskTokenId, t.sepTokenId];
      return { ids, maskPositions: [ids.length - 2] };
    });
    const before = { ...model.stats };
    const together = await model.maskLogits(rows);
    const passes = model.stats.passes - before.passes;
    const padded = model.stats.padded - before.padded;
    const longest = Math.max(...rows.map((r) => r.ids.length));
    const onePassPadding = rows.length * longest - rows.reduce((n, r) => n + r.ids.length, 0);
    expect(passes).toBeGreaterThan(1);
    expect(padded).toBeLessThan(onePassPadding / 2);
    for (const [i, row] of rows.entries()) {
      const [alone] = await model.maskLogits([row]);
      const a = alone![0]!;
      const b = together[i]![0]!;
      let diff = 0;
      for (let k = 0; k < a.length; k++) diff = Math.max(diff, Math.abs(a[k]! - b[k]!));
      expect(diff).toBeLessThan(1e-3);
    }
  });
});
