import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomWebhookSecret, webhookHeaders } from '../integrations/support.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * Two real servers (`npm start`, separate processes, separate data folders) behind no load
 * balancer, sharing one real redis-server through CLOZE_REDIS_URL: they must behave as one
 * service. Each test uses its own API key, so the 30/min budgets do not mix.
 */
const SECRET = randomWebhookSecret();
const KEYS = Array.from({ length: 8 }, (_, i) => `test-key-${i}-${'x'.repeat(16)}`);
const [CONFIG_KEY, RATE_KEY, ...LOAD_KEYS] = KEYS as [string, string, ...string[]];
let redis: RedisServer;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  // appendonly (fsync always): what was written survives the kill below, as on a real deployment
  redis = await startRedis({ appendonly: true });
  const env = { CLOZE_REDIS_URL: redis.url, CLOZE_RATE_LIMIT_RPM: '30', CLOZE_API_KEYS: KEYS.join(','), WEBHOOK_SECRET: SECRET, CLOZE_RESULT_CACHE: '0' };
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
}, 180_000);
afterAll(async () => {
  for (const s of [a, b]) {
    s?.child.kill('SIGTERM');
    await s?.exited;
  }
  await redis?.stop();
});

async function call(srv: RunningServer, method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${srv.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** A signed webhook delivery of `body` with this `webhook-id` to the `sentiment` config. */
async function deliver(srv: RunningServer, id: string, body: string) {
  const res = await fetch(`${srv.base}/v1/webhooks/sentiment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...webhookHeaders(SECRET, id, body) },
    body,
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.text() };
}

const config = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { upbeat: ['good', 'great'], downbeat: ['bad', 'terrible'] } };

describe('two instances on one Redis', () => {
  it('a config written on A is served by B at once; deleted on B, it is gone on A', async () => {
    const put = await call(a, 'PUT', '/v1/configs/shared-one', CONFIG_KEY, config);
    expect(put.status).toBe(201);
    const onB = await call(b, 'GET', '/v1/configs/shared-one', CONFIG_KEY);
    expect(onB.status).toBe(200);
    expect(onB.headers.get('etag')).toBe(put.headers.get('etag'));
    const classified = await call(b, 'POST', '/v1/classify', CONFIG_KEY, { text: 'a really good film', config: 'shared-one' });
    expect(classified.status).toBe(200);
    expect(classified.json()).toMatchObject({ label: 'upbeat' });
    // If-Match with A's ETag holds on B: one version for both
    const stale = await call(b, 'PUT', '/v1/configs/shared-one', CONFIG_KEY, config, { 'if-match': '"not-the-etag"' });
    expect(stale.status).toBe(412);
    expect((await call(b, 'DELETE', '/v1/configs/shared-one', CONFIG_KEY, undefined, { 'if-match': put.headers.get('etag')! })).status).toBe(204);
    expect((await call(a, 'GET', '/v1/configs/shared-one', CONFIG_KEY)).status).toBe(404);
    expect((await call(a, 'POST', '/v1/classify', CONFIG_KEY, { text: 'fine', config: 'shared-one' })).status).toBe(404);
  });

  it('a webhook delivered to A and redelivered to B is processed once: B replays A’s answer', async () => {
    const id = `msg_two_instances_${Date.now()}`;
    const body = JSON.stringify({ text: 'I really like the film a lot.' });
    const send = (srv: RunningServer) => deliver(srv, id, body);
    const first = await send(a);
    expect(first.status).toBe(200);
    expect(first.replayed).toBeNull();
    const again = await send(b);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe('true');
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
  });

  it('one webhook id reaching A and B at the same moment is processed by exactly one of them', async () => {
    const id = `msg_racing_${Date.now()}`;
    const body = JSON.stringify({ text: 'That was a waste of time.' });
    const send = (srv: RunningServer) => deliver(srv, id, body);
    const answers = await Promise.all([send(a), send(b), send(a), send(b)]);
    const processed = answers.filter((r) => r.status === 200 && r.replayed === null);
    expect(processed).toHaveLength(1);
    for (const r of answers.filter((x) => x !== processed[0])) {
      // the others came while it ran (409, retry later) or after it (its answer, replayed)
      if (r.status === 409) expect(JSON.parse(r.body)).toMatchObject({ code: 'webhook_in_progress' });
      else expect(r).toMatchObject({ status: 200, replayed: 'true', body: processed[0]!.body });
    }
  });

  it('a 30/min limit grants 30 ± 1 across both instances', async () => {
    const answers = await Promise.all(Array.from({ length: 70 }, (_, i) => call(i % 2 ? a : b, 'GET', '/v1/configs', RATE_KEY)));
    const granted = answers.filter((r) => r.status === 200).length;
    expect(granted).toBeGreaterThanOrEqual(29);
    expect(granted).toBeLessThanOrEqual(31);
    expect(answers.filter((r) => r.status !== 200).every((r) => r.status === 429 && Number(r.headers.get('retry-after')) >= 1)).toBe(true);
    // both sides granted some and refused some: one budget, not one each
    for (const side of [0, 1]) expect(new Set(answers.filter((_, i) => i % 2 === side).map((r) => r.status))).toEqual(new Set([200, 429]));
  });

  it('killing Redis mid-load gives 503 state_unavailable, never 500 or a wrong answer; service resumes when it returns', async () => {
    const put = await call(a, 'PUT', '/v1/configs/under-load', LOAD_KEYS[0]!, config);
    expect(put.status).toBe(201);
    let n = 0;
    const one = () => {
      const key = LOAD_KEYS[n % LOAD_KEYS.length]!;
      return call(n++ % 2 ? a : b, 'POST', '/v1/classify', key, { text: 'a really good film', config: 'under-load' });
    };
    const check = (r: Awaited<ReturnType<typeof call>>) => {
      if (r.status === 200) expect(r.json()).toMatchObject({ label: 'upbeat' });
      else {
        expect(r.status).toBe(503);
        expect(r.headers.get('content-type')).toBe('application/problem+json');
        expect(r.json()).toMatchObject({ code: 'state_unavailable' });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      return r.status;
    };
    const inFlight = Array.from({ length: 24 }, one);
    await new Promise((r) => setTimeout(r, 20));
    await redis.kill();
    const during = (await Promise.all(inFlight)).map(check);
    const afterKill = await Promise.all(Array.from({ length: 8 }, one));
    expect(afterKill.map(check)).toEqual(Array(8).fill(503));
    expect(during.every((s) => s === 200 || s === 503)).toBe(true);
    for (const s of [a, b]) {
      const ready = await fetch(`${s.base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'state_unavailable' });
    }

    await redis.restart();
    for (const s of [a, b]) await expect.poll(async () => (await fetch(`${s.base}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    const resumed = await Promise.all(Array.from({ length: 8 }, one));
    expect(resumed.map(check)).toEqual(Array(8).fill(200));
    expect(a.output() + b.output()).toMatch(/connection lost/);
    expect(a.output() + b.output()).toMatch(/connection restored/);
    expect(a.output() + b.output()).not.toMatch(/unexpected error/);
  });

  it('a server pointed at an unreachable Redis does not start, and says why', async () => {
    const down = await startServer({ CLOZE_REDIS_URL: 'redis://:hunter2@127.0.0.1:1' }, false);
    expect(await down.exited).toBe(1);
    expect(down.output()).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*CLOZE_REDIS_URL/);
    expect(down.output()).not.toContain('hunter2');
  });
});
