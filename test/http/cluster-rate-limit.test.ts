import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * One instance with CLOZE_WORKERS=2 and no Redis: the rate limit is one budget per caller for
 * the instance (the primary holds the buckets), not one per worker process.
 */
const status = (base: string, path: string): Promise<number> =>
  new Promise((resolve, reject) => {
    // a connection per call: the cluster hands connections to the workers in turn
    const req = request(`${base}${path}`, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ CLOZE_WORKERS: '2', CLOZE_RATE_LIMIT_RPM: '30' });
}, 120_000);
afterAll(async () => {
  srv.child.kill('SIGTERM');
  await srv.exited;
});

describe('rate limit in a cluster without Redis', () => {
  it('30/min grants 30 ± 1 per caller across both workers, not 30 each', async () => {
    const statuses = await Promise.all(Array.from({ length: 80 }, () => status(srv.base, '/v1/configs')));
    const granted = statuses.filter((s) => s === 200).length;
    expect(granted).toBeGreaterThanOrEqual(29);
    expect(granted).toBeLessThanOrEqual(31);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 429)).toBe(true);
  });
});
