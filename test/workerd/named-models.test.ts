import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../tools/worker/stage-assets.js';
import { startWorker, type WorkerServer } from '../../tools/worker/wrangler-dev.js';
import { json, tempDir } from '../support/app.js';

/**
 * The Worker serves the models configs name (`"model": "<name>"`) from its static assets
 * (`models/<name>/`, staged from a CLOZE_MODELS_DIR), loaded on first use beside the default
 * model: here a copy of the default model (`copy`) and a folder whose graph is not ONNX (`broken`).
 */
let server: WorkerServer;
beforeAll(async () => {
  const models = await tempDir('cloze-wd-models-');
  const base = join(REPO_ROOT, 'models/cloze-bert-mini');
  for (const name of ['copy', 'broken']) {
    await mkdir(join(models, name, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) await copyFile(join(base, f), join(models, name, f));
  }
  await copyFile(join(base, 'onnx/model_masked_quantized.onnx'), join(models, 'copy/onnx/model_masked_quantized.onnx'));
  await writeFile(join(models, 'broken/onnx/model_masked_quantized.onnx'), 'not an ONNX graph');
  server = await startWorker({ modelsDir: models });
});
afterAll(async () => {
  await server?.stop();
});

const worker = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
const config = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { positive: ['great', 'good'], negative: ['terrible', 'bad'] } };
const texts = ['I really like the film a lot.', 'this movie makes me very disgusting.'];

describe('named models in workerd', () => {
  it('stores and answers a config that names a staged model, as the same weights answer by default', async () => {
    const put = await worker('/v1/configs/on-copy', json({ ...config, model: 'copy' }, 'PUT'));
    expect(put.status).toBe(201);
    const res = await worker('/v1/classify', json({ config: 'on-copy', texts }));
    const named = (await res.json()) as { results: { label: string; scores: Record<string, number> }[] };
    expect(res.status, JSON.stringify(named)).toBe(200);
    const inline = await worker('/v1/classify', json({ template: config.template, verbalizer: config.verbalizer, texts }));
    const plain = (await inline.json()) as typeof named;
    expect(inline.status, JSON.stringify(plain)).toBe(200);
    expect(named.results.map((r) => r.label)).toEqual(['positive', 'negative']);
    for (const [i, r] of named.results.entries()) expect(r.scores.positive).toBeCloseTo(plain.results[i]!.scores.positive!, 5);
  });

  it('refuses a model that is not staged (422 naming `model`) and reports one that cannot load', async () => {
    const missing = await worker('/v1/configs/nowhere', json({ ...config, model: 'nowhere' }, 'PUT'));
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { field: string }).field).toBe('model');
    const broken = await worker('/v1/configs/on-broken', json({ ...config, model: 'broken' }, 'PUT'));
    expect(((await broken.json()) as { code: string }).code).toBe('model_load_failed');
    // the default model is untouched
    expect((await worker('/v1/classify', json({ text: texts[0], config: 'sentiment' }))).status).toBe(200);
  });
});
