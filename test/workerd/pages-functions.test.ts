import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type WorkerServer } from '../../tools/worker/wrangler-dev.js';

/**
 * Cloudflare Pages Functions (functions/[[path]].ts, Hono's Pages adapter) inside workerd via
 * `wrangler pages dev`: the same app as the Worker. A smoke test; the full API suite runs
 * against the module Worker (worker-api.test.ts).
 */
let server: WorkerServer;
beforeAll(async () => {
  server = await startWorker({ mode: 'pages' });
});
afterAll(async () => {
  await server?.stop();
});

/** `wrangler pages dev` rebuilds functions/ when sources change; a POST caught mid-reload is retried once. */
async function post(path: string, body: unknown): Promise<Response> {
  const once = () => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const res = await once();
  if (res.status !== 503) return res;
  const text = await res.text();
  return text.includes('restarted') ? once() : new Response(text, { status: res.status, headers: res.headers });
}

describe('Pages Functions', () => {
  it('classifies with the model from the Pages static assets, configs in KV', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();
    const res = await post('/v1/classify', { text: 'I really like the film a lot.', config: 'sentiment' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { label: string; scores: Record<string, number> };
    expect(Object.keys(body.scores).sort()).toEqual(['negative', 'positive']);
    expect(body.scores.positive! + body.scores.negative!).toBeCloseTo(1, 6);

    const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { model: Record<string, unknown> };
    expect(ready.model).toMatchObject({ id: 'cloze-bert-mini#onnx/model_masked_quantized.onnx', config_store: 'kv' });
  });

  it('routes every path to the app: model files are not served, unknown paths are problem+json', async () => {
    const res = await fetch(`${server.url}/model/config.json`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('not_found');
  });
});
