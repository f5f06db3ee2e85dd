import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor200 } from '../tools/lib/loopback.js';
import { ms, type Row } from './timing.js';

interface Server {
  child: ChildProcess;
  base: string;
  coldMs: number;
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const body = JSON.stringify({ text: 'I really like the film a lot.' });

/** `npm start`'s entry as one process (CLOZE_WORKERS=1, as these rows always were); cold = spawn until the first classify answers. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/entries/node.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CLOZE_WORKERS: '1', CLOZE_DATA_DIR: mkdtempSync(join(tmpdir(), 'cloze-bench-')), ...env },
    stdio: 'ignore',
  });
  await waitFor200(`${base}/healthz`, 60_000);
  for (;;) {
    const res = await fetch(`${base}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (res.status === 200) break;
  }
  return { child, base, coldMs: performance.now() - t0 };
}

async function load(base: string, connections: number, seconds: number) {
  const r = await autocannon({
    url: `${base}/v1/classify`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

export async function httpBench(quick: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const seconds = quick ? 3 : 8;
  // cache off so every request runs the model; micro-batching on (default) vs off
  const results: Record<string, Record<number, Awaited<ReturnType<typeof load>>>> = {};
  for (const [name, env] of [
    ['micro-batching off', { CLOZE_RESULT_CACHE: '0', CLOZE_BATCH_WAIT_MS: '0' }],
    ['micro-batching 2 ms', { CLOZE_RESULT_CACHE: '0', CLOZE_BATCH_WAIT_MS: '2' }],
  ] as const) {
    const server = await startServer(env);
    if (name === 'micro-batching 2 ms') {
      rows.push({ section: '5 cold start', variant: 'process start → first classify answer', value: ms(server.coldMs) });
      rows.push({ section: '5 memory', variant: 'server RSS after load and warm-up', value: `${rssMiB(server.child.pid!).toFixed(0)} MiB` });
    }
    results[name] = {};
    for (const c of [1, 16, 64]) {
      const r = await load(server.base, c, seconds);
      results[name]![c] = r;
      rows.push({
        section: `4 HTTP classify c=${c}`,
        variant: name,
        value: `${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.errors ? `, ${r.errors} errors` : ''}`,
      });
    }
    server.child.kill('SIGTERM');
  }
  for (const c of [16, 64]) {
    const off = results['micro-batching off']![c]!;
    const on = results['micro-batching 2 ms']![c]!;
    rows.push({
      section: 'opt: micro-batching',
      variant: `c=${c}: off → 2 ms window`,
      value: `${off.rps.toFixed(0)} → ${on.rps.toFixed(0)} req/s`,
      ratio: `${(on.rps / off.rps).toFixed(2)}×`,
    });
  }
  const cached = await startServer({});
  const r = await load(cached.base, 16, seconds);
  rows.push({ section: '4 HTTP classify c=16', variant: 'result cache on (same text)', value: `${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms` });
  cached.child.kill('SIGTERM');
  return rows;
}
