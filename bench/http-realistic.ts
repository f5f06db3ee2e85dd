import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor200 } from '../tools/lib/loopback.js';
import { classifyTexts, inWords, pool } from './dev-texts.js';
import type { Row } from './timing.js';

/**
 * HTTP classify (`sentiment` preset) on 20–25-word dev texts, a different text per request,
 * result cache off: one server process without and with micro-batching against the cluster
 * of CLOZE_WORKERS workers, at concurrency 1, 16 and 64.
 */
/** `npm start`'s server (from `cwd`, default this checkout) on a free port, result cache and access log off, `env` added; resolves once ready. */
export async function startBenchServer(env: Record<string, string>, cwd?: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/entries/node.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLOZE_ACCESS_LOG: '0',
      CLOZE_RESULT_CACHE: '0',
      CLOZE_DATA_DIR: mkdtempSync(join(tmpdir(), 'cloze-bench-')),
      ...env,
    },
    stdio: 'ignore',
    ...(cwd !== undefined && { cwd }),
  });
  await waitFor200(`${base}/readyz`, 120_000);
  return { child, base };
}

/** `seconds` of HTTP classify (`sentiment`) at `connections`, a text from `next()` per request. */
export async function load(base: string, connections: number, seconds: number, next: () => string) {
  const r = await autocannon({
    url: `${base}/v1/classify`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ text: next(), config: 'sentiment' }) }),
      },
    ],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, errors: r.errors + r.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * All variants run at once (idle ones cost nothing) and take turns under load, a few seconds
 * each, round after round: a machine shared with other jobs slows them alike.
 */
export async function realisticHttp(quick: boolean, o: { baselineModel?: string; levels?: number[] } = {}): Promise<Row[]> {
  const rows: Row[] = [];
  const seconds = quick ? 2 : 4;
  const rounds = quick ? 1 : 3;
  const texts = pool('20–25', inWords(classifyTexts(), 20, 25));
  const variants: [string, Record<string, string>][] = [
    ['1 process, no micro-batching (batch wait 0)', { CLOZE_WORKERS: '1', CLOZE_BATCH_WAIT_MS: '0' }],
    ['1 process, FIFO micro-batching', { CLOZE_WORKERS: '1' }],
    ['cluster, CLOZE_WORKERS = cores (default)', {}],
  ];
  // --baseline-model: the same cluster on another model folder (e.g. an earlier revision's files)
  if (o.baselineModel) variants.push([`cluster, baseline model ${o.baselineModel}`, { CLOZE_MODEL: o.baselineModel }]);
  const levels = o.levels ?? [1, 16, 64];
  const servers = await Promise.all(variants.map(([, env]) => startBenchServer(env)));
  type Result = { rps: number; p50: number; p99: number; errors: number };
  const got: Record<number, Result>[] = variants.map(() => ({}));
  for (const c of levels) {
    const runs: Result[][] = variants.map(() => []);
    for (let r = 0; r < rounds; r++) for (let v = 0; v < variants.length; v++) runs[v]!.push(await load(servers[v]!.base, c, seconds, texts.next));
    variants.forEach(([name], v) => {
      const rs = runs[v]!;
      const res: Result = {
        rps: rs.reduce((a, x) => a + x.rps, 0) / rs.length,
        p50: median(rs.map((x) => x.p50)),
        p99: median(rs.map((x) => x.p99)),
        errors: rs.reduce((a, x) => a + x.errors, 0),
      };
      got[v]![c] = res;
      rows.push({
        section: `R5 HTTP classify 20–25 words c=${c}`,
        variant: name,
        value: `${res.rps.toFixed(0)} req/s, p50 ${res.p50} ms, p99 ${res.p99} ms${res.errors ? `, ${res.errors} non-2xx` : ''}`,
        ratio: `p99/p50 ${(res.p99 / Math.max(res.p50, 1)).toFixed(1)}`,
        ...(c === 64 && v === 2 ? { target: 'HTTP classify at c=64 ≥ 600 req/s with p99 ≤ 300 ms' } : {}),
      });
    });
  }
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))));
  for (const c of levels.filter((c) => c > 1)) {
    if (o.baselineModel)
      rows.push({
        section: 'R5 HTTP classify 20–25 words',
        variant: `c=${c}: cluster, baseline model → this model`,
        value: `${got[3]![c]!.rps.toFixed(0)} → ${got[2]![c]!.rps.toFixed(0)} req/s`,
        ratio: `${(got[2]![c]!.rps / got[3]![c]!.rps).toFixed(2)}×`,
      });
    rows.push({
      section: 'R5 HTTP classify 20–25 words',
      variant: `c=${c}: no micro-batching → cluster`,
      value: `${got[0]![c]!.rps.toFixed(0)} → ${got[2]![c]!.rps.toFixed(0)} req/s`,
      ratio: `${(got[2]![c]!.rps / got[0]![c]!.rps).toFixed(2)}×`,
    });
    rows.push({
      section: 'R5 HTTP classify 20–25 words',
      variant: `c=${c}: 1 process FIFO → cluster`,
      value: `${got[1]![c]!.rps.toFixed(0)} → ${got[2]![c]!.rps.toFixed(0)} req/s`,
      ratio: `${(got[2]![c]!.rps / got[1]![c]!.rps).toFixed(2)}×`,
    });
  }
  return rows;
}
