import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConll } from '../../tools/eval/datasets.js';
import { classificationMetrics, spanMetrics } from '../../tools/eval/metrics.js';

describe('evaluation tool', () => {
  it('reads CoNLL BIO tags into character spans of the joined text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conll-'));
    const file = join(dir, 'x.txt');
    await writeFile(file, '-DOCSTART- O\n\nJohn B-PER\nSmith I-PER\nvisited O\nNew B-LOC\nYork I-LOC\n. O\n\nEU B-ORG\nrejects O\n');
    const s = await readConll(file);
    expect(s).toHaveLength(2);
    expect(s[0]!.text).toBe('John Smith visited New York .');
    expect(s[0]!.entities.map((e) => [s[0]!.text.slice(e.start, e.end), e.type])).toEqual([
      ['John Smith', 'person'],
      ['New York', 'location'],
    ]);
    expect(s[1]!.entities).toEqual([{ start: 0, end: 2, type: 'organization' }]);
  });

  it('computes accuracy, macro-F1 and entity-level exact-match F1', () => {
    const m = classificationMetrics(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
    expect(m.accuracy).toBe(0.75);
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
    expect(m.majority).toBe(0.5);
    const gold = [
      [
        { start: 0, end: 4, type: 'person' },
        { start: 10, end: 15, type: 'location' },
      ],
    ];
    const pred = [
      [
        { start: 0, end: 4, type: 'person' },
        { start: 10, end: 15, type: 'person' },
        { start: 20, end: 22, type: 'misc' },
      ],
    ];
    const s = spanMetrics(gold, pred);
    expect([s.precision, s.recall]).toEqual([1 / 3, 1 / 2]);
    expect(s.spanF1).toBeCloseTo(0.8, 10);
  });
});
