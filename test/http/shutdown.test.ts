import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * onnxruntime-node holds the event loop during a forward pass: small passes
 * (CLOZE_MAX_BATCH_TOKENS) keep the server answering /readyz while the heavy requests run.
 */
const SMALL_PASSES = { CLOZE_MAX_BATCH_TOKENS: '512' };
/** The server logs a `request start` line as each request enters: SIGTERM is sent once both heavy ones are in. */
const START_LOG = { CLOZE_LOG_REQUEST_START: '1' };

/**
 * SIGTERM on the real server: /readyz turns 503, new calls are refused, in-flight requests
 * finish within the grace period (exit 0) or are cut with 503 (exit 1).
 */
const heavyNer = (srv: RunningServer, seed: string) =>
  fetch(`${srv.base}/v1/ner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // three long texts: several seconds of passes even when each request has a core of its own (cluster)
    body: JSON.stringify({ texts: [1, 2, 3].map((k) => Array.from({ length: 280 }, (_, i) => `${seed}${k}x${i} Lee`).join(' ')) }),
  });

/** Waits until the server has logged the start of `n` NER requests: they are in flight, with seconds of passes ahead. */
async function untilNerStarted(srv: RunningServer, n: number): Promise<void> {
  const started = () =>
    srv
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"request start"') && l.includes('"path":"/v1/ner"')).length;
  while (started() < n) await new Promise((r) => setTimeout(r, 10));
}

async function untilStatus(url: string, status: number): Promise<Response> {
  for (;;) {
    const res = await fetch(url);
    if (res.status === status) return res;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One process, and two cluster workers: the primary passes the signal on, both drain, the exit status is the worst one. */
describe.each([{ CLOZE_WORKERS: '1' }, { CLOZE_WORKERS: '2' }])('graceful shutdown (real server, $CLOZE_WORKERS worker(s))', (WORKERS) => {
  it('drains in-flight work: readyz 503, new calls 503, in-flight answered 200, exit 0', async () => {
    const srv = await startServer({ ...SMALL_PASSES, ...START_LOG, ...WORKERS, CLOZE_SHUTDOWN_GRACE_MS: '120000' });
    const inFlight = [heavyNer(srv, 'Alpha'), heavyNer(srv, 'Beta')];
    await untilNerStarted(srv, 2);
    srv.child.kill('SIGTERM');
    const ready = await untilStatus(`${srv.base}/readyz`, 503);
    expect(await ready.json()).toEqual({ status: 'draining' });
    const refused = await fetch(`${srv.base}/v1/fill-mask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"a [MASK]."}' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'shutting_down' });
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual([200, 200]);
    expect(await srv.exited).toBe(0);
    expect(srv.output()).toContain('shutdown complete');
  });

  it('cuts work still running after the grace period: those requests get 503, exit status 1', async () => {
    const srv = await startServer({ ...SMALL_PASSES, ...START_LOG, ...WORKERS, CLOZE_SHUTDOWN_GRACE_MS: '0' });
    const inFlight = [heavyNer(srv, 'Gamma'), heavyNer(srv, 'Delta')];
    await untilNerStarted(srv, 2);
    srv.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    for (const r of answers) {
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ code: 'shutting_down' });
    }
    expect(await srv.exited).toBe(1);
    expect(srv.output()).toContain('shutdown cut in-flight requests');
  });
});
