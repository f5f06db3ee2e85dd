import { readFile } from 'node:fs/promises';
import { isolateHeap, type IsolateHeap } from './inspector.js';
import { freePort } from '../lib/loopback.js';
import { startWorker } from './wrangler-dev.js';

/**
 * Measures the Worker under `wrangler dev` (local workerd) on loopback: cold first request,
 * warm latency percentiles per endpoint, and the workerd process's RSS before and after the
 * model is loaded. Every request has a different text (the engine caches results per text).
 * Usage: node --experimental-websocket --import tsx tools/worker/measure.ts [warmRequests=200] [KEY:VALUE vars…]
 */
const N = Number(process.argv[2] ?? 200);
const vars = process.argv.slice(3).flatMap((v) => ['--var', v]);

async function rssKiB(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function timed(url: string, body: unknown): Promise<number> {
  const t0 = performance.now();
  const res = await post(url, body);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t0;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

const inspectorPort = await freePort();
const server = await startWorker({ args: ['--inspector-port', String(inspectorPort), ...vars] });
const heapLine = (h: IsolateHeap): string =>
  `JS heap ${mib(h.usedSize / 1024)} used / ${mib(h.totalSize / 1024)} reserved, array buffers ${mib(h.backingStorageSize / 1024)}`;
try {
  const pid = await server.workerdPid();
  if (!pid) throw new Error('workerd process not found');
  await new Promise((r) => setTimeout(r, 1_000));
  const heapBefore = await isolateHeap(inspectorPort);
  const before = await rssKiB(pid);
  const cold = await timed(`${server.url}/v1/classify`, { text: 'I really like the film a lot.', config: 'sentiment' });
  const loaded = await rssKiB(pid);
  const heapLoaded = await isolateHeap(inspectorPort);
  const review = (i: number): string => `Review ${i}: the plot was thin but the acting in part ${i % 7} was great.`;
  const cases: [string, string, (i: number) => unknown][] = [
    ['classify (sentiment, 1 text)', '/v1/classify', (i) => ({ text: review(i), config: 'sentiment' })],
    ['fill-mask (top_k 5)', '/v1/fill-mask', (i) => ({ text: `in ${1900 + i} paris was the [MASK] of france.`, top_k: 5 })],
    ['ner (preset, 1 sentence)', '/v1/ner', (i) => ({ text: `John Smith flew ${i} times from Paris to Berlin with Lufthansa.` })],
    [
      'classify (sentiment, 16 texts)',
      '/v1/classify',
      (i) => ({ texts: Array.from({ length: 16 }, (_, k) => review(1000 * (i + 1) + k)), config: 'sentiment' }),
    ],
  ];
  console.log(`cold first request (classify, includes model load): ${cold.toFixed(0)} ms`);
  console.log(`| request | n | p50 ms | p90 ms | mean ms |\n|---|---|---|---|---|`);
  for (const [name, path, body] of cases) {
    const n = name.includes('16 texts') || name.startsWith('ner') ? Math.max(20, Math.round(N / 5)) : N;
    for (let i = 0; i < 5; i++) await timed(`${server.url}${path}`, body(100_000 + i));
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(await timed(`${server.url}${path}`, body(i)));
    console.log(`| ${name} | ${n} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 90).toFixed(1)} | ${(xs.reduce((a, b) => a + b, 0) / n).toFixed(1)} |`);
  }
  const after = await rssKiB(pid);
  const heapAfter = await isolateHeap(inspectorPort);
  console.log(`isolate before load: ${heapLine(heapBefore)}`);
  console.log(`isolate after load:  ${heapLine(heapLoaded)}`);
  console.log(`isolate after runs:  ${heapLine(heapAfter)}`);
  const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { model?: { wasm_memory_bytes?: number; id?: string } };
  console.log(`model ${ready.model?.id}; WebAssembly linear memory: ${mib((ready.model?.wasm_memory_bytes ?? NaN) / 1024)}`);
  console.log(
    `workerd RSS: ${mib(before.rss)} before load, ${mib(loaded.rss)} after load (+${mib(loaded.rss - before.rss)}), ${mib(after.rss)} after the runs (+${mib(after.rss - before.rss)}), peak ${mib(after.hwm)} (+${mib(after.hwm - before.rss)})`,
  );
} finally {
  await server.stop();
}
