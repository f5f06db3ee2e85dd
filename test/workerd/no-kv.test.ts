import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type WorkerServer } from '../../tools/worker/wrangler-dev.js';

/** The Worker in workerd with no CONFIGS binding: presets work, stored configs stay in the isolate. */
let server: WorkerServer;
beforeAll(async () => {
  server = await startWorker({ withoutKv: true });
});
afterAll(async () => {
  await server?.stop();
});

const send = (method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${server.url}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
/** Status after reading the body (an unread body keeps its connection busy). */
const statusOf = async (res: Promise<Response>): Promise<number> => {
  const r = await res;
  await r.arrayBuffer();
  return r.status;
};

describe('without Workers KV', () => {
  it('serves presets and says configs live in isolate memory', async () => {
    expect(await statusOf(send('POST', '/v1/classify', { text: 'I really like the film a lot.', config: 'sentiment' }))).toBe(200);
    const ready = (await (await send('GET', '/readyz')).json()) as { model: { config_store: string } };
    expect(ready.model.config_store).toMatch(/^memory \(no CONFIGS KV binding/);
  });

  it('still stores configs for this isolate', async () => {
    const doc = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { up: ['good'], down: ['bad'] } };
    expect(await statusOf(send('PUT', '/v1/configs/local-only', doc))).toBe(201);
    expect(await statusOf(send('GET', '/v1/configs/local-only'))).toBe(200);
    expect(await statusOf(send('POST', '/v1/classify', { text: 'Fine.', config: 'local-only' }))).toBe(200);
  });
});
