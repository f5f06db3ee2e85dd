import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * SIGTERM to `node dist/server.js` itself with 64 requests in flight, each on its own connection:
 * every one gets an answer (200, or 503 with Retry-After), none sees its connection reset, in one
 * process and in a cluster of two workers.
 */
interface Outcome {
  status?: number;
  retryAfter?: string | undefined;
  code?: string;
  error?: string;
}

function classify(base: string, i: number): Promise<Outcome> {
  const body = JSON.stringify({
    texts: Array.from({ length: 6 }, (_, k) => `Request ${i} text ${k}: the film was long, loud and strangely moving.`),
    config: 'sentiment',
  });
  return new Promise((resolve) => {
    const req = request(
      `${base}/v1/classify`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          const code = res.statusCode === 200 ? undefined : (JSON.parse(text) as { code?: string }).code;
          resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'], ...(code && { code }) });
        });
        res.on('error', (err) => resolve({ error: err.message }));
      },
    );
    req.on('error', (err) => resolve({ error: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}` }));
    req.end(body);
  });
}

const startedCount = (srv: RunningServer) =>
  srv
    .output()
    .split('\n')
    .filter((l) => l.includes('"msg":"request start"')).length;

async function flood(srv: RunningServer): Promise<Outcome[]> {
  const outcomes = Promise.all(Array.from({ length: 64 }, (_, i) => classify(srv.base, i)));
  // the signal comes while requests are being read, queued and computed, and more are still arriving
  while (startedCount(srv) < 16) await new Promise((r) => setTimeout(r, 5));
  srv.child.kill('SIGTERM');
  return outcomes;
}

describe.each([{ CLOZE_WORKERS: '1' }, { CLOZE_WORKERS: '2' }])('SIGTERM with 64 requests in flight ($CLOZE_WORKERS worker(s))', (WORKERS) => {
  const env = { ...WORKERS, CLOZE_LOG_REQUEST_START: '1', CLOZE_RESULT_CACHE: '0' };

  it('answers every request (200, or 503 with Retry-After), resets none, exits 0 within the grace period', async () => {
    const srv = await startServer({ ...env, CLOZE_SHUTDOWN_GRACE_MS: '120000' });
    const outcomes = await flood(srv);
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    for (const o of outcomes) {
      if (o.status === 503) expect(o).toMatchObject({ code: 'shutting_down', retryAfter: '1' });
      else expect(o.status).toBe(200);
    }
    // work already admitted finished (a request whose body was still being read when the signal came is refused instead)
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(0);
    expect(await srv.exited).toBe(0);
    expect(srv.output()).toContain('shutdown complete');
  });

  it('with no grace period: still answers every request, and the exit status 1 says work was cut', async () => {
    const srv = await startServer({ ...env, CLOZE_SHUTDOWN_GRACE_MS: '0' });
    const outcomes = await flood(srv);
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    for (const o of outcomes) if (o.status !== 200) expect(o).toMatchObject({ status: 503, code: 'shutting_down', retryAfter: '1' });
    expect(await srv.exited).toBe(1);
    expect(srv.output()).toContain('shutdown cut in-flight requests');
  });
});
