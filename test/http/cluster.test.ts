import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { randomWebhookSecret, webhookHeaders } from '../integrations/support.js';

/**
 * `npm start` with CLOZE_WORKERS=2: two server processes share the port. Each call below
 * opens its own connection, so the calls are spread over both workers (round-robin).
 */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      { method, agent: false, headers: { connection: 'close', ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const config = (up: string, down: string) => ({ task: 'classify', template: '{text} It was [MASK].', verbalizer: { [up]: ['good'], [down]: ['bad'] } });

const SECRET = randomWebhookSecret();
let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ CLOZE_WORKERS: '2', CLOZE_RESULT_CACHE: '0', WEBHOOK_SECRET: SECRET });
}, 120_000);
afterAll(async () => {
  srv.child.kill('SIGTERM');
  await srv.exited;
});

describe('cluster of workers (real server, CLOZE_WORKERS=2)', () => {
  it('is ready only with every worker loaded, and says so', async () => {
    const ready = await call(srv.base, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', model: { workers: { ready: 2, total: 2 } } });
  });

  it('a config write is seen by every worker at once', async () => {
    for (const [up, down] of [
      ['yes', 'no'],
      ['pro', 'con'],
      ['plus', 'minus'],
    ] as const) {
      expect([200, 201]).toContain((await call(srv.base, 'PUT', '/v1/configs/shared', config(up, down))).status);
      const answers = await Promise.all(Array.from({ length: 12 }, () => call(srv.base, 'POST', '/v1/classify', { text: 'a good film', config: 'shared' })));
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(Object.keys(JSON.parse(a.body).scores as object).sort()).toEqual([down, up].sort());
      }
    }
  });

  it('conditional writes racing on different workers: exactly one wins, the others get 412', async () => {
    const first = await call(srv.base, 'PUT', '/v1/configs/race', config('a0', 'b0'));
    const etag = String(first.headers.etag);
    const racers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(srv.base, 'PUT', '/v1/configs/race', config(`a${i + 1}`, `b${i + 1}`), { 'if-match': etag })),
    );
    const statuses = racers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(412)]);
    const winner = racers.find((r) => r.status === 200)!;
    const now = await call(srv.base, 'GET', '/v1/configs/race');
    expect(now.headers.etag).toBe(winner.headers.etag);
  });

  it('a webhook redelivery reaching any worker gets the stored answer (claims are decided by the primary)', async () => {
    const id = `msg_cluster_${Date.now()}`;
    const body = JSON.stringify({ text: 'I really like the film a lot.' });
    const send = () => call(srv.base, 'POST', '/v1/webhooks/sentiment', JSON.parse(body), webhookHeaders(SECRET, id, body));
    const first = await send();
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await Promise.all(Array.from({ length: 6 }, send));
    for (const a of again) {
      expect(a.status).toBe(200);
      expect(a.headers['idempotent-replayed']).toBe('true');
      expect(JSON.parse(a.body)).toEqual(JSON.parse(first.body));
    }
  });
});
