import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, startMiniflareIsolates, type BuiltWorker } from '../../tools/worker/miniflare-worker.js';
import { randomWebhookSecret, webhookHeaders } from '../integrations/support.js';

/**
 * The ClozeState Durable Object in local workerd: the deployment build runs as two Workers
 * (two isolates, each with its own module state, config cache and write mutex) sharing the KV
 * namespaces and the one Durable Object class, as requests landing on different isolates or
 * locations do. Without the object, each isolate checks If-Match against KV by itself and
 * both racing writes can win.
 */
const SECRET = randomWebhookSecret();
let built: BuiltWorker;
let mf: Miniflare;

beforeAll(async () => {
  built = await buildOnce();
  mf = await startMiniflareIsolates(built, ['edge-a', 'edge-b'], { WEBHOOK_SECRET: SECRET });
});
afterAll(async () => {
  await mf?.dispose();
  await built?.dispose();
});

interface Answer {
  status: number;
  etag: string | null;
  replayed: string | null;
  body: Record<string, unknown>;
}

async function send(isolate: 'edge-a' | 'edge-b', method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  // (typed structurally: the project has no Workers type package for its Fetcher)
  const worker = (await mf.getWorker(isolate)) as unknown as { fetch(url: string, init: RequestInit): Promise<Response> };
  const res = await worker.fetch(`http://localhost${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    replayed: res.headers.get('idempotent-replayed'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const config = (up: string) => JSON.stringify({ task: 'classify', template: '{text} It was [MASK].', verbalizer: { [up]: ['good'], down: ['bad'] } });

describe('ClozeState Durable Object (two isolates, one object per name / delivery id)', () => {
  it('both isolates load their model and report the store they use', async () => {
    // (a cold isolate's first request must not be /readyz: a load it starts outlives it and stalls)
    for (const isolate of ['edge-a', 'edge-b'] as const) {
      expect((await send(isolate, 'POST', '/v1/classify', JSON.stringify({ text: 'warm up', config: 'sentiment' }))).status).toBe(200);
      expect((await send(isolate, 'GET', '/readyz')).body).toMatchObject({ model: { config_store: expect.stringMatching(/durable object/) } });
    }
  });

  it('two concurrent If-Match writes from different isolates: exactly one wins, every round', async () => {
    const first = await send('edge-a', 'PUT', '/v1/configs/raced', config('up0'));
    expect(first.status).toBe(201);
    let etag = first.etag!;
    for (let round = 1; round <= 6; round++) {
      const [x, y] = await Promise.all([
        send('edge-a', 'PUT', '/v1/configs/raced', config(`a${round}`), { 'if-match': etag }),
        send('edge-b', 'PUT', '/v1/configs/raced', config(`b${round}`), { 'if-match': etag }),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, 412]);
      const [winner, loser] = x.status === 200 ? [x, y] : [y, x];
      expect(loser.body).toMatchObject({ code: 'precondition_failed', field: 'if-match' });
      expect(winner.etag).not.toBe(etag);
      etag = winner.etag!;
    }
    // the object's version is what both isolates' next conditional write must name
    const stale = await send('edge-b', 'DELETE', '/v1/configs/raced', undefined, { 'if-match': first.etag! });
    expect(stale.status).toBe(412);
    expect((await send('edge-a', 'DELETE', '/v1/configs/raced', undefined, { 'if-match': etag })).status).toBe(204);
  });

  it('a webhook id delivered to both isolates at once is processed once; a replay gets the stored answer', async () => {
    const id = `msg_do_${Date.now()}`;
    const payload = JSON.stringify({ text: 'I really like the film a lot.' });
    const deliver = (isolate: 'edge-a' | 'edge-b') => send(isolate, 'POST', '/v1/webhooks/sentiment', payload, webhookHeaders(SECRET, id, payload));
    const [x, y] = await Promise.all([deliver('edge-a'), deliver('edge-b')]);
    const processed = [x, y].filter((r) => r.status === 200 && r.replayed === null);
    expect(processed).toHaveLength(1);
    const other = x === processed[0] ? y : x;
    // the other one either waited out the claim (409, retry later) or came after it (replayed)
    if (other.status === 409) expect(other.body).toMatchObject({ code: 'webhook_in_progress' });
    else expect(other).toMatchObject({ status: 200, replayed: 'true', body: processed[0]!.body });
    for (const isolate of ['edge-b', 'edge-a'] as const) {
      const replay = await deliver(isolate);
      expect(replay).toMatchObject({ status: 200, replayed: 'true', body: processed[0]!.body });
    }
    expect(processed[0]!.body).toMatchObject({ webhook_id: id, label: 'positive' });
  });
});
