import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heavyClassifyConfig } from '../support/heavy-config.js';
import { startServer, type RunningServer } from '../support/server.js';

/** The real server (`npm start`, the real model): heavy CPU work on one request leaves the others served. */
// Well under what this diagnose takes on an idle machine (~0.75 s), so the cut is always exercised.
const DEADLINE_MS = 300;
let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ CLOZE_DEADLINE_MS: String(DEADLINE_MS) });
  // stored directly: the PUT's fit step is not what this test is about
  await mkdir(join(srv.dataDir, 'configs'), { recursive: true });
  await writeFile(join(srv.dataDir, 'configs', 'heavy.json'), JSON.stringify({ name: 'heavy', config: heavyClassifyConfig(), hash: 'h' }));
}, 90_000);
afterAll(() => {
  srv?.child.kill('SIGKILL');
});

describe('GET /v1/configs/{name}/diagnose on a 50 × 50-word, 4-template, 32-example config', () => {
  it('/healthz keeps answering while it runs, and it is cut at the deadline', async () => {
    let inFlight = true;
    const started = performance.now();
    const diagnose = fetch(`${srv.base}/v1/configs/heavy/diagnose`).then(async (r) => {
      inFlight = false;
      return { status: r.status, body: (await r.json()) as { code?: string }, ms: performance.now() - started };
    });
    const latencies: number[] = [];
    while (inFlight) {
      const t = performance.now();
      expect((await fetch(`${srv.base}/healthz`)).status).toBe(200);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
    const d = await diagnose;
    console.log(
      `diagnose ${d.status} after ${d.ms.toFixed(0)} ms; ${latencies.length} healthz, slowest ${Math.max(...latencies).toFixed(0)} ms: ${latencies.map((l) => l.toFixed(0)).join(' ')}`,
    );
    // Before: one synchronous stretch of 15-18 s (8 s past a 2 s deadline), /healthz stalled throughout.
    expect(d.status).toBe(504);
    expect(d.body.code).toBe('deadline_exceeded');
    expect(d.ms).toBeLessThan(DEADLINE_MS + 1_500); // cut promptly, not after the work
    expect(latencies.length).toBeGreaterThan(3);
    // tens of ms on an idle machine; generous for a loaded 2-core one (load 18 while written)
    expect(Math.max(...latencies)).toBeLessThan(750);
  }, 60_000);
});
