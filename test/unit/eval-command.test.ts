import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register } from '../../tools/eval/eval-command.js';
import { readConll, readLabelled } from '../../tools/eval/datasets.js';
import { drawPerClass, drawSentences, splitHeldApart } from '../../tools/eval/sampling.js';

describe('eval inputs', () => {
  it('reads CSV with quotes and a header, headerless TSV, JSONL, and 4-column CoNLL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-in-'));
    await writeFile(join(dir, 'a.csv'), 'label,text\npositive,"Great, really great"\nnegative,"He said ""no"""\n');
    expect(await readLabelled(join(dir, 'a.csv'), 'csv')).toEqual([
      { text: 'Great, really great', label: 'positive' },
      { text: 'He said "no"', label: 'negative' },
    ]);
    await writeFile(join(dir, 'b.tsv'), 'nice one\tpositive\nawful\tnegative\n');
    expect(await readLabelled(join(dir, 'b.tsv'), 'tsv')).toHaveLength(2);
    await writeFile(join(dir, 'c.jsonl'), '{"text": "ok", "label": 1}\n\n{"text": "no", "label": "0"}\n');
    expect(await readLabelled(join(dir, 'c.jsonl'), 'jsonl')).toEqual([
      { text: 'ok', label: '1' },
      { text: 'no', label: '0' },
    ]);
    await writeFile(join(dir, 'd.conll'), 'EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n');
    expect((await readConll(join(dir, 'd.conll')))[0]!.entities).toEqual([
      { start: 0, end: 2, type: 'organization' },
      { start: 11, end: 17, type: 'misc' },
    ]);
  });

  it('splits held-apart rows from the training pool deterministically and draws k per class', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ text: `t${i}`, label: i % 3 === 0 ? 'a' : 'b' }));
    const s1 = splitHeldApart(rows, 30);
    expect(s1).toEqual(splitHeldApart(rows, 30));
    expect(s1.test).toHaveLength(30);
    expect(s1.train).toHaveLength(70);
    expect(s1.test.some((r) => s1.train.includes(r))).toBe(false);
    const ex = drawPerClass(s1.train, 4, 2);
    expect(ex.filter((r) => r.label === 'a')).toHaveLength(4);
    expect(ex.filter((r) => r.label === 'b')).toHaveLength(4);
    expect(drawPerClass(s1.train, 4, 3)).not.toEqual(ex);
    expect(drawSentences([{ entities: [] }, { entities: [1] }, { entities: [2] }], 5, 0)).toHaveLength(2);
  });
});

describe('npm run eval', () => {
  it('runs a learning curve on a file through the real model and writes JSON and Markdown reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-cmd-'));
    const pos = [
      'A wonderful film.',
      'Great acting.',
      'I loved it.',
      'Brilliant and funny.',
      'A delight.',
      'Excellent story.',
      'So much fun.',
      'Beautiful work.',
    ];
    const neg = ['A dull film.', 'Terrible acting.', 'I hated it.', 'Boring and stupid.', 'A mess.', 'Awful story.', 'No fun at all.', 'Ugly work.'];
    await writeFile(join(dir, 'rows.tsv'), ['text\tlabel', ...pos.map((t) => `${t}\tpositive`), ...neg.map((t) => `${t}\tnegative`)].join('\n'));
    const program = new Command('cloze-edge').exitOverride();
    register(program);
    const json = join(dir, 'r.json');
    const md = join(dir, 'r.md');
    await program.parseAsync(
      ['eval', join(dir, 'rows.tsv'), '-c', 'sentiment', '--shots', '0,2', '--seeds', '2', '-n', '6', '--json', json, '--md', md, '--no-progress'],
      { from: 'user' },
    );
    const report = JSON.parse(await readFile(json, 'utf8')) as {
      results: {
        testRows: number;
        trainPool: number;
        points: { shots: number; runs: number; mean: number }[];
        runs: { shots: number; learned?: { method: string } }[];
      }[];
    };
    const r = report.results[0]!;
    expect(r.testRows).toBe(6);
    expect(r.trainPool).toBe(10);
    expect(r.points.map((p) => [p.shots, p.runs])).toEqual([
      [0, 1],
      [2, 2],
    ]);
    expect(r.runs.filter((x) => x.shots === 2).every((x) => x.learned !== undefined)).toBe(true);
    const text = await readFile(md, 'utf8');
    expect(text).toMatch(/\| dev set \| config \| metric \| scored rows \| zero-shot \| 2-shot \|/);
    expect(text).toMatch(/gold \\ predicted/);
    await expect(program.parseAsync(['eval', '--shots', 'x'], { from: 'user' })).rejects.toThrow();
  });
});
