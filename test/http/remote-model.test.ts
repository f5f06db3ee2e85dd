import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptEngine } from '../../src/core/engine.js';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { loadNodeModel } from '../../src/runtime/node/load-model.js';
import { DEFAULT_MODEL_DIR } from '../../src/runtime/node/model-source.js';
import { tempDir } from '../support/app.js';
import { defaultModel } from '../support/model.js';

/** A local stand-in for the Hub: serves the default model folder at /{org}/{name}/resolve/{rev}/{file}. */
let server: Server;
let endpoint: string;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const m = /^\/acme\/mini\/resolve\/main\/(.+)$/.exec(req.url ?? '') ?? /^\/models\/mini\/(.+)$/.exec(req.url ?? '');
    const file = m ? join(DEFAULT_MODEL_DIR, decodeURIComponent(m[1]!)) : '';
    requested.push(req.url ?? '');
    if (!m || file.includes('..') || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  endpoint = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(() => server?.close());

const answer = async (engine: PromptEngine) => (await engine.fillMask('the capital of france is [MASK].', { topK: 3 }))[0]!.map((p) => p.token);

describe('loading a Hub-layout model over HTTP', () => {
  it('loads by Hub id from HF_ENDPOINT, caches it, then loads offline from the cache', async () => {
    const cacheDir = await tempDir('cloze-cache-');
    const local = await answer(new PromptEngine(await defaultModel(), new MemoryConfigStore()));
    const remote = await loadNodeModel({ location: 'acme/mini', hubEndpoint: endpoint, cacheDir, threads: 1 });
    expect(remote.id).toContain('acme/mini');
    expect(await answer(new PromptEngine(remote, new MemoryConfigStore()))).toEqual(local);
    expect(requested.some((u) => u.endsWith('/config.json'))).toBe(true);

    const before = requested.length;
    const offline = await loadNodeModel({ location: 'acme/mini', hubEndpoint: endpoint, cacheDir, offline: true, threads: 1 });
    expect(await answer(new PromptEngine(offline, new MemoryConfigStore()))).toEqual(local);
    expect(requested.length).toBe(before);
  });

  it('loads from a plain URL of a model folder', async () => {
    const model = await loadNodeModel({
      location: `${endpoint}/models/mini`,
      cacheDir: await tempDir('cloze-cache-'),
      threads: 1,
      precision: 'quantized',
      graph: 'full',
    });
    expect(model.id).toContain('onnx/model_quantized.onnx');
    expect((await answer(new PromptEngine(model, new MemoryConfigStore()))).length).toBe(3);
  });

  it('fails with a clear error when the model does not exist', async () => {
    await expect(loadNodeModel({ location: 'acme/missing', hubEndpoint: endpoint, cacheDir: await tempDir('cloze-cache-') })).rejects.toThrow(
      /cannot load the model at acme\/missing: model folder has no \w+\.json/,
    );
  });
});
