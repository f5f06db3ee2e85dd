import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * The worst-case NER request of issue 11 (one 5 KB text of 1,250 capitalized words, four
 * types with multi-piece label words, max_spans 256) and the largest request the budget
 * admits, against the real server: memory returns to its baseline afterwards.
 */
let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ CLOZE_RESULT_CACHE: '0' });
});
afterAll(() => {
  srv?.child.kill('SIGKILL');
});

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const types = { person: ['person', 'human being'], location: ['geographic region'], organization: ['corporation'], misc: ['miscellaneous'] };
const word = (i: number) => `A${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`;
const post = (body: unknown) => fetch(`${srv.base}/v1/ner`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const worstCase = (seed: number) => ({
  text: Array.from({ length: 1250 }, (_, i) => word(i + seed)).join(' '),
  template: '{text} {span} is a [MASK].',
  types,
  options: { max_spans: 256, threshold: 0 },
});
/** As many spans as the row/token budget admits on a text that fills the model's window. */
const largestAdmitted = (seed: number) => ({
  ...worstCase(seed),
  text: Array.from({ length: 60 }, (_, i) => word(i + seed)).join(' '),
  options: { max_spans: 128, threshold: 0 },
});

describe('memory after the worst-case request (real server)', () => {
  it('refuses the worst case at once, serves the largest admitted request, and RSS returns to baseline', async () => {
    const pid = srv.child.pid!;
    expect((await post(largestAdmitted(0))).status).toBe(200); // warm-up: arenas and caches reach their working size
    const baseline = await rssMb(pid);
    for (let round = 1; round <= 2; round++) {
      const refused = await post(worstCase(round));
      expect(refused.status).toBe(413);
      expect(await refused.json()).toMatchObject({ code: 'request_budget_exceeded' });
      const served = await post(largestAdmitted(round * 7));
      expect(served.status).toBe(200);
      expect(((await served.json()) as { entities: unknown[] }).entities.length).toBeGreaterThan(0);
    }
    const after = await rssMb(pid);
    console.log(`RSS baseline ${baseline.toFixed(0)} MB, after ${after.toFixed(0)} MB`);
    expect(after - baseline).toBeLessThan(64);
  }, 180_000);
});
