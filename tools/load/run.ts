import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_DIR, readConll, readTsv } from '../eval/datasets.js';
import { freePort, waitFor200 } from '../lib/loopback.js';

/**
 * `npm run load`: 60 s at concurrency 64 against the real server (`npm start`'s entry, or
 * --url), every request with a text never sent before (dev sets in ../shared/data/eval):
 * classify with the three classify presets and NER. Prints errors (must be 0), latency
 * p50/p99 and the server's RSS before and after; exits 1 on any error. Not part of npm test.
 */
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' },
    url: { type: 'string' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);

interface Job {
  path: string;
  body: (text: string) => string;
  texts: string[];
}

async function jobs(): Promise<Job[]> {
  const classify = (config: string) => (text: string) => JSON.stringify({ text, config });
  return [
    { path: '/v1/classify', body: classify('sentiment'), texts: (await readTsv(join(DATA_DIR, 'sst2-phrases.tsv'))).map((t) => t.text) },
    { path: '/v1/classify', body: classify('topic'), texts: (await readTsv(join(DATA_DIR, 'agnews-dev.tsv'))).map((t) => t.text) },
    { path: '/v1/classify', body: classify('question'), texts: (await readTsv(join(DATA_DIR, 'trec-train.tsv'))).map((t) => t.text) },
    { path: '/v1/ner', body: (text) => JSON.stringify({ text }), texts: (await readConll(join(DATA_DIR, 'conll2003-dev.txt'))).map((s) => s.text) },
  ];
}

async function rssMb(pid: number | undefined): Promise<string> {
  if (!pid) return 'n/a';
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'n/a';
}

async function startServer(): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/entries/node.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CLOZE_DATA_DIR: await mkdtemp(join(tmpdir(), 'cloze-load-')), CLOZE_ACCESS_LOG: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/readyz`, 120_000);
  return { base, child };
}

const all = await jobs();
const server = args.url ? { base: args.url.replace(/\/+$/, ''), child: undefined } : await startServer();
const pid = server.child?.pid;
try {
  // warm-up: compile each preset once, so "before" is the steady state
  for (const j of all)
    await fetch(`${server.base}${j.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: j.body(`warm up ${j.path}`) });
  const before = await rssMb(pid);
  let n = 0;
  const statuses = new Map<number, number>();
  const result = await autocannon({
    url: server.base,
    connections,
    duration,
    timeout: 60,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const i = n++;
          const job = all[i % 5 === 4 ? 3 : i % 3]!; // 80 % classify (three presets), 20 % NER
          const pool = job.texts;
          const round = Math.floor(i / pool.length);
          const text = pool[(i * 7919) % pool.length]! + (round > 0 ? ` (${round})` : ''); // unique, also past the pool's end
          return { ...req, path: job.path, body: job.body(text) };
        },
        onResponse: (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1),
      },
    ],
  });
  const after = await rssMb(pid);
  const errors = result.errors + result.non2xx;
  console.log(
    `load: ${duration} s at concurrency ${connections} against ${server.base}, ${result.requests.total} requests (${result.requests.average.toFixed(1)} req/s)`,
  );
  console.log(`statuses: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`);
  console.log(`errors: ${errors} (${result.errors} connection errors/timeouts, ${result.non2xx} non-2xx)`);
  console.log(`latency: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.log(`server RSS: before ${before}, after ${after}`);
  process.exitCode = errors === 0 ? 0 : 1;
} finally {
  server.child?.kill('SIGTERM');
}
