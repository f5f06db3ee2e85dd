import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS } from '../src/core/config/presets.js';
import { freePort, waitFor200 } from '../tools/lib/loopback.js';
import type { Row } from './timing.js';

/**
 * Issue 26: a stored config answers as fast as a preset. One server (`npm start`'s entry, one
 * process); `sentiment` (a preset) and `stored-sentiment` (the same template and words, stored
 * with 32 long examples) take turns under the same load, so the machine's other work slows
 * both alike. Default result cache: the same text each time, so what is measured is each
 * request's path to its compiled config (before: the file re-read and re-validated per request).
 */
export async function storedConfigRows(quick: boolean): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloze-bench-stored-'));
  const sentiment = PRESETS.get('sentiment')!;
  const examples = Array.from({ length: 32 }, (_, i) => ({
    text: `Example review number ${i}: ${'the acting, the story and the pacing all deserve a word here. '.repeat(25)}`.slice(0, 1_900),
    label: i % 2 ? 'positive' : 'negative',
  }));
  mkdirSync(join(dataDir, 'configs'), { recursive: true });
  // stored directly (as a PUT leaves it, minus the fitted state): the fit step is not measured here
  writeFileSync(
    join(dataDir, 'configs', 'stored-sentiment.json'),
    JSON.stringify({ name: 'stored-sentiment', config: { ...sentiment, examples }, hash: 'bench' }),
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/entries/node.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CLOZE_WORKERS: '1', CLOZE_DATA_DIR: dataDir, CLOZE_ACCESS_LOG: '0' },
    stdio: 'ignore',
  });
  try {
    await waitFor200(`${base}/readyz`, 60_000);
    const run = async (config: string, seconds: number) => {
      const r = await autocannon({
        url: `${base}/v1/classify`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'I really like the film a lot.', config }),
        connections: 16,
        duration: seconds,
      });
      return { rps: r.requests.average, errors: r.errors + r.non2xx };
    };
    await run('sentiment', 1);
    await run('stored-sentiment', 1);
    const rounds = quick ? 1 : 3;
    const seconds = quick ? 2 : 4;
    const sum = { preset: 0, stored: 0, errors: 0 };
    for (let i = 0; i < rounds; i++) {
      const p = await run('sentiment', seconds);
      const s = await run('stored-sentiment', seconds);
      sum.preset += p.rps / rounds;
      sum.stored += s.rps / rounds;
      sum.errors += p.errors + s.errors;
    }
    const section = 'stored config vs preset (HTTP c=16)';
    return [
      { section, variant: 'preset "sentiment"', value: `${sum.preset.toFixed(0)} req/s` },
      {
        section,
        variant: 'stored copy with 32 long examples',
        value: `${sum.stored.toFixed(0)} req/s${sum.errors ? `, ${sum.errors} errors` : ''}`,
        ratio: `${(sum.stored / sum.preset).toFixed(2)}× the preset (target ≥ 0.9×)`,
        target: 'issue 26: stored-config rate ≥ 0.9× preset',
      },
    ];
  } finally {
    child.kill('SIGTERM');
  }
}
