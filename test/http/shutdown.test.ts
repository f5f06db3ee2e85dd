import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * onnxruntime-node holds the event loop during a forward pass: small passes
 * (CLOZE_MAX_BATCH_TOKENS) keep the server answering /readyz while the heavy requests run.
 */
const SMALL_PASSES = { CLOZE_MAX_BATCH_TOKENS: '512' };
/**
 * SIGTERM follows the requests by this much: long enough for them to reach a loopback server,
 * short of the time a heavy request takes on an idle machine with a core of its own (a 1 s
 * wait let both finish first in a clean CI run, and the cut test had nothing to cut).
 */
const ARRIVAL_MS = 250;
/** One process, and two cluster workers: the primary passes the signal on, both drain, the exit status is the worst one. */

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

async function untilStatus(url: string, status: number): Promise<Response> {
  for (;;) {
    const res = await fetch(url);
    if (res.status === status) return res;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each([{ CLOZE_WORKERS: '1' }, { CLOZE_WORKERS: '2' }])('graceful shutdown (real server, $CLOZE_WORKERS worker(s))', (WORKERS) => {
  it('drains in-flight work: readyz 503, new calls 503, in-flight answered 200, exit 0', async () => {
    const srv = await startServer({ ...SMALL_PASSES, ...WORKERS, CLOZE_SHUTDOWN_GRACE_MS: '120000' });
    const inFlight = [heavyNer(srv, 'Alpha'), heavyNer(srv, 'Beta')];
    await new Promise((r) => setTimeout(r, ARRIVAL_MS)); // let the requests reach the server
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
    const srv = await startServer({ ...SMALL_PASSES, ...WORKERS, CLOZE_SHUTDOWN_GRACE_MS: '0' });
    const inFlight = [heavyNer(srv, 'Gamma'), heavyNer(srv, 'Delta')];
    await new Promise((r) => setTimeout(r, ARRIVAL_MS));
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
