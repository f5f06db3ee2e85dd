import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';
import { PYTHON, pythonHas, run } from '../support/python.js';

/** The tool needs Debian's python3-torch and python3-onnx (see docs/design/few-shot.md); without them this file is skipped. */
const hasTorch = await pythonHas('torch, onnx');

describe.skipIf(!hasTorch)('tools/finetune/ceiling.py (linear-head ceiling and few-shot heads on the mask vector)', () => {
  it('measures a few sst2 rows on the engine’s prompts, answering zero-shot as the engine does', async () => {
    const dir = await tempDir('cloze-ceiling-');
    const rows = join(dir, 'rows');
    await run('npx', ['tsx', 'tools/finetune/ceiling-rows.ts', '--out', rows, '--sets', 'sst2', '--limit', '64', '--shots', '16', '--draws', '2'], {
      timeout: 120_000,
    });
    const { stdout } = await run(PYTHON, ['tools/finetune/ceiling.py', '--rows', rows, '--json', join(dir, 'out.json')], { timeout: 120_000 });
    const [r] = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as {
      name: string;
      test_rows: number;
      zero_shot: number;
      engine_zero_shot: number;
      agree_engine: number;
      ceiling: { acc: number };
      fewshot: Record<string, { acc: number }>;
    }[];
    expect(r).toMatchObject({ name: 'sst2', test_rows: 64 });
    // torch on the weights recovered from the int8 graph vs the engine's int8 ONNX: at most one answer apart
    expect(r!.agree_engine).toBeGreaterThanOrEqual(63 / 64);
    expect(Math.abs(r!.zero_shot - r!.engine_zero_shot)).toBeLessThanOrEqual(1 / 64);
    expect(r!.ceiling.acc).toBeGreaterThan(0.5);
    expect(Object.keys(r!.fewshot)).toEqual(['16-0', '16-1']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(8); // header, rule, 2 zero-shot rows, 2 ceilings, 16-shot row, targets
    expect(lines[0]).toMatch(/^\| {2}\| sst2 \(sentiment, 64 test, pool 64\) \|$/);
    expect(lines[6]).toMatch(
      /^\| 16-shot: zero-shot \+ residual head, 2 draws \(Δ over this tool's zero-shot\) \| \d+\.\d ± \d+\.\d \(Δ [+-]\d+\.\d; λ .+\) \|$/,
    );
  }, 240_000);
});
