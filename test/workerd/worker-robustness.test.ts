import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type WorkerServer } from '../../tools/worker/wrangler-dev.js';

/**
 * The Worker in real workerd with API and admin keys set as vars (as `wrangler secret put`
 * would): auth, request ids, careless content types, and config writes racing on one name
 * in Workers KV with ETag / If-Match.
 */
const API_KEY = 'edge-api-key-0123456789abcdef';
const ADMIN_KEY = 'edge-admin-key-0123456789abcdef';
const BUSY_KEY = 'edge-busy-key-0123456789abcdef';
const RATE_LIMIT = 60; // per key and minute; the admin key makes about 40 calls in this file
let server: WorkerServer;
beforeAll(async () => {
  server = await startWorker({
    args: ['--var', `CLOZE_API_KEYS:${API_KEY},${BUSY_KEY}`, '--var', `CLOZE_ADMIN_KEYS:${ADMIN_KEY}`],
    extraToml: `[[ratelimits]]\nname = "RATE_LIMITER"\nnamespace_id = "1001"\nsimple = { limit = ${RATE_LIMIT}, period = 60 }`,
  });
});
afterAll(async () => {
  await server?.stop();
});

const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    signal: AbortSignal.timeout(60_000),
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return res;
};
const statusAndJson = async (res: Promise<Response>) => {
  const r = await res;
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
};
const doc = (i: number) => ({
  task: 'classify',
  description: `edge write ${i}`,
  template: '{text} It was [MASK].',
  verbalizer: { good: ['good'], bad: ['bad'] },
});

describe('keys in workerd', () => {
  it('401 without a key, 403 for a config write with an ordinary key, health open, request id echoed', async () => {
    const anon = await statusAndJson(send('POST', '/v1/classify', { text: 'Nice.' }, { authorization: '', 'x-request-id': 'edge-req-1' }));
    expect(anon.status).toBe(401);
    expect(anon.headers.get('x-request-id')).toBe('edge-req-1');
    expect(anon.body).toMatchObject({ code: 'unauthorized', request_id: 'edge-req-1' });
    const user = await statusAndJson(send('PUT', '/v1/configs/edge-x', doc(0), { authorization: `Bearer ${API_KEY}` }));
    expect(user.status).toBe(403);
    expect((await statusAndJson(send('POST', '/v1/classify', { text: 'Nice.' }, { authorization: `Bearer ${API_KEY}` }))).status).toBe(200);
    expect((await statusAndJson(fetch(`${server.url}/healthz`))).status).toBe(200);
  });

  it('accepts `application/json ; charset=utf-8`', async () => {
    const r = await statusAndJson(send('POST', '/v1/classify', JSON.stringify({ text: 'Nice.' }), { 'content-type': 'application/json ; charset=utf-8' }));
    expect(r.status).toBe(200);
  });
});

describe('rate limit binding in workerd', () => {
  it('429 + Retry-After once a key is past its limit; other keys are not affected', async () => {
    // 2 × limit + 5 calls cross at most one window boundary, so one window sees more than the limit
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof statusAndJson>> | undefined;
    for (let i = 0; i < 2 * RATE_LIMIT + 5 && !limited; i++) {
      const r = await statusAndJson(send('GET', '/v1/configs', undefined, { authorization: `Bearer ${BUSY_KEY}` }));
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(limited?.headers.get('retry-after')).toBe('60');
    expect(limited?.body).toMatchObject({ code: 'rate_limited' });
    expect((await statusAndJson(send('GET', '/v1/configs', undefined, { authorization: `Bearer ${API_KEY}` }))).status).toBe(200);
  });
});

describe('config writes in Workers KV under concurrency', () => {
  it('concurrent PUT/DELETE on one name: nothing 5xx, the final state is one of the writes', async () => {
    const ops = Array.from({ length: 24 }, (_, i) =>
      statusAndJson(i % 4 === 3 ? send('DELETE', '/v1/configs/edge-raced') : send('PUT', '/v1/configs/edge-raced', doc(i))),
    );
    const answers = await Promise.all(ops);
    answers.forEach((r, i) => {
      expect(i % 4 === 3 ? [204, 404] : [200, 201]).toContain(r.status);
    });
    const final = await statusAndJson(send('GET', '/v1/configs/edge-raced'));
    expect([200, 404]).toContain(final.status);
    if (final.status === 200) {
      const n = Number(String((final.body!.config as { description: string }).description).slice('edge write '.length));
      expect(n % 4).not.toBe(3);
    }
    expect((await statusAndJson(send('GET', '/v1/configs'))).status).toBe(200);
  });

  it('ETag and If-Match: stale writes and deletes get 412', async () => {
    const created = await statusAndJson(send('PUT', '/v1/configs/edge-tagged', doc(1)));
    expect(created.status).toBe(201);
    const etag1 = created.headers.get('etag')!;
    expect((await statusAndJson(send('GET', '/v1/configs/edge-tagged'))).headers.get('etag')).toBe(etag1);
    const updated = await statusAndJson(send('PUT', '/v1/configs/edge-tagged', doc(2), { 'if-match': etag1 }));
    expect(updated.status).toBe(200);
    const stale = await statusAndJson(send('PUT', '/v1/configs/edge-tagged', doc(3), { 'if-match': etag1 }));
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'precondition_failed' });
    expect((await statusAndJson(send('DELETE', '/v1/configs/edge-tagged', undefined, { 'if-match': etag1 }))).status).toBe(412);
    expect((await statusAndJson(send('DELETE', '/v1/configs/edge-tagged', undefined, { 'if-match': updated.headers.get('etag')! }))).status).toBe(204);
  });
});
