import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { nodeModelPool } from '../../src/runtime/node/named-models.js';
import { tempDir } from '../support/app.js';
import { defaultModel } from '../support/model.js';
import { pythonHas } from '../support/python.js';

/** `cloze-edge tune` in a child process (the real bin). */
function tune(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'tune', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const EXAMPLES = [
  ['A wonderful, moving film.', 'positive'],
  ['Brilliant acting and a great story.', 'positive'],
  ['I loved every minute of it.', 'positive'],
  ['A delightful and charming movie.', 'positive'],
  ['A dull, boring mess.', 'negative'],
  ['Terrible acting and a stupid story.', 'negative'],
  ['I hated every minute of it.', 'negative'],
  ['An awful and tiresome movie.', 'negative'],
];
// Backwards label words: only training can make the model answer the right way round.
const CONFIG = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { positive: ['bad'], negative: ['good'] } };

async function inputs(): Promise<{ dir: string; config: string; examples: string }> {
  const dir = await tempDir('cloze-tune-');
  const config = join(dir, 'config.json');
  const examples = join(dir, 'examples.tsv');
  // the document GET /v1/configs/{name} returns is accepted as it is
  await writeFile(config, JSON.stringify({ name: 'backwards', hash: 'x', preset: false, config: CONFIG }));
  await writeFile(examples, `text\tlabel\n${EXAMPLES.map((e) => e.join('\t')).join('\n')}\n`);
  return { dir, config, examples };
}

describe('cloze-edge tune: inputs and requirements', () => {
  it('names the example line whose label the config does not have', async () => {
    const { dir, config } = await inputs();
    const bad = join(dir, 'bad.tsv');
    await writeFile(bad, 'A fine film.\tpositive\nMeh.\tneutral\n');
    const r = await tune(['--config', config, '--examples', bad, '--out', join(dir, 'm'), '--python', '/nonexistent/python3']);
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: { code: string; field: string; detail: string } };
    expect(error).toMatchObject({ code: 'validation_failed', field: 'examples:2' });
    expect(error.detail).toMatch(/"neutral"/);
  });

  it('refuses an output folder whose name a config could not give as its model', async () => {
    const { dir, config, examples } = await inputs();
    const r = await tune(['--config', config, '--examples', examples, '--out', join(dir, 'My Model'), '--python', '/nonexistent/python3']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr.trim().split('\n').pop()!)).toMatchObject({ error: { code: 'validation_failed', field: 'out' } });
  });

  it('says exactly how to install Python, torch and onnx when they are missing', async () => {
    const { dir, config, examples } = await inputs();
    const r = await tune(['--config', config, '--examples', examples, '--out', join(dir, 'm'), '--python', '/nonexistent/python3']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('sudo apt-get install -y python3 python3-torch python3-onnx python3-numpy libopenblas0-pthread');
    expect(r.stderr).toContain('python3 -m pip install torch onnx numpy');
    expect(r.stderr).toContain('/nonexistent/python3 (not found)');
    await expect(readdir(join(dir, 'm'))).rejects.toThrow(); // nothing written
  });
});

/** Needs Python 3 with torch and onnx (Debian: python3-torch python3-onnx; .ci/run installs them): skipped without, except under CI. */
const hasTorch = await pythonHas('torch, onnx');

describe.skipIf(!hasTorch && !process.env.CI)('cloze-edge tune: a tuned folder served beside the default model', () => {
  it('tunes on a few examples with a validation split and writes an int8 folder ≤ 25 MB that a config names', async () => {
    const { dir, config, examples } = await inputs();
    const models = join(dir, 'models');
    const out = join(models, 'backwards');
    const r = await tune([
      '--config',
      config,
      '--examples',
      examples,
      '--out',
      out,
      '--val',
      '0.25',
      '--epochs',
      '10',
      '--patience',
      '10',
      '--lr',
      '5e-4',
      '--batch',
      '4',
      '--threads',
      '1',
      '--seed',
      '3',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('6 train, 2 validation (seed 3)');
    expect(r.stderr).toContain(`CLOZE_MODEL=${out}`);

    // the default model's layout, int8 only: config, tokenizer, the masked graph with the label-word decoder
    const files = (await readdir(out, { recursive: true })).sort();
    expect(files).toEqual(
      [
        'MODEL_CARD.md',
        'config.json',
        'onnx',
        'onnx/model_masked_quantized.onnx',
        'prompt-config.json',
        'special_tokens_map.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'tune.json',
        'vocab.txt',
      ].sort(),
    );
    const sizes = await Promise.all(files.map(async (f) => (await stat(join(out, f))).size));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(25 * 2 ** 20);
    const session = await ort.InferenceSession.create(join(out, 'onnx/model_masked_quantized.onnx'));
    expect(session.inputNames).toEqual(expect.arrayContaining(['mask_positions', 'label_ids']));
    await session.release();
    const summary = JSON.parse(await readFile(join(out, 'tune.json'), 'utf8')) as { val_examples: number; refit: boolean; best_epoch: number; seed: number };
    expect(summary).toMatchObject({ val_examples: 2, refit: true, seed: 3 });
    expect(summary.best_epoch).toBeGreaterThanOrEqual(1);
    const card = await readFile(join(out, 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain('cloze-bert-mini');
    expect(card).toMatch(/8 labelled examples/);
    expect(card).toContain('npx cloze-edge tune --config');

    // served beside the default model: the config that names it answers the right way round, the default the wrong way
    const served = JSON.parse(await readFile(join(out, 'prompt-config.json'), 'utf8')) as Record<string, unknown>;
    expect(served.model).toBe('backwards');
    const engine = new PromptEngine(await defaultModel(), new MemoryConfigStore(), { models: nodeModelPool(models, 512, { threads: 1 }), resultCacheSize: 0 });
    await engine.putConfig('backwards', served);
    const texts = EXAMPLES.map((e) => e[0]!);
    const tuned = (await engine.classify({ name: 'backwards' }, texts)).map((a) => a.label);
    const base = (await engine.classify({ inline: configSchema.parse(CONFIG) }, texts)).map((a) => a.label);
    const right = (labels: string[]) => labels.filter((l, i) => l === EXAMPLES[i]![1]).length;
    expect(right(tuned)).toBeGreaterThanOrEqual(7);
    expect(right(base)).toBeLessThanOrEqual(2);
    expect((await engine.classify({ name: 'sentiment' }, ['A wonderful film.']))[0]!.label).toBe('positive');
  }, 300_000);
});
