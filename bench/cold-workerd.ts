import { cpus } from 'node:os';
import { join } from 'node:path';
import { buildOnce, startMiniflareWorker } from '../tools/worker/miniflare-worker.js';
import { procStats } from '../tools/lib/proc-stats.js';
import { startApiWorker } from '../tools/worker/wrangler-api-worker.js';
import { startWorker, type ProcessCpu } from '../tools/worker/wrangler-dev.js';
import { ms, type Row } from './timing.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const each = (xs: number[]) => xs.map((t) => t.toFixed(0)).join(', ');
const SECTION = '7 cold start in workerd';
const classify = (text: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ text, config: 'sentiment' }),
});
/** Milliseconds until `send`'s response has been read whole; a failed answer fails the bench. */
async function timed(send: () => Promise<Pick<Response, 'ok' | 'status' | 'arrayBuffer'>>): Promise<number> {
  const t0 = performance.now();
  const res = await send();
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`the Worker answered ${res.status}`);
  return performance.now() - t0;
}
const FIRST = 'I really like the film a lot.';

/**
 * The cold-start rows: the first answer of a fresh Worker in local workerd, i.e. the
 * model load (assets, tokenizer, ONNX session) plus the first classify with the calibrated
 * `sentiment` preset, measured after the Worker answered /healthz (its script has started).
 * Three ways, on the same deployment build: behind `wrangler dev` (a new one per round, with
 * the CPU time each of its processes used); wrangler's dev server with its DevTools inspector
 * off (its programmatic API); and workerd started through Miniflare's API without wrangler's
 * dev proxy and inspector (a new workerd per round), beside that runtime's start-up and a warm
 * classify.
 */
export async function coldWorkerdRows(quick: boolean): Promise<Row[]> {
  const rounds = quick ? 1 : 3;
  const hasProc = (await procStats()).length > 0; // CPU time per process comes from Linux /proc
  const dev: number[] = [];
  const cpu = new Map<ProcessCpu['role'], number[]>();
  for (let r = 0; r < rounds; r++) {
    const server = await startWorker();
    try {
      const before = await server.processCpu();
      dev.push(await timed(() => fetch(`${server.url}/v1/classify`, classify(FIRST))));
      const used = new Map<ProcessCpu['role'], number>();
      for (const p of await server.processCpu()) {
        const was = before.find((b) => b.pid === p.pid)?.cpuMs ?? 0;
        used.set(p.role, (used.get(p.role) ?? 0) + p.cpuMs - was);
      }
      for (const [role, ms] of used) if (role !== 'other') cpu.set(role, [...(cpu.get(role) ?? []), ms]);
    } finally {
      await server.stop();
    }
  }

  const built = await buildOnce();
  const noInspector: number[] = [];
  const first: number[] = [];
  const start: number[] = [];
  const warm: number[] = [];
  const workerdCpu: number[] = [];
  // Miniflare's workerd is a child of this process
  const mfWorkerdCpu = async () => (await procStats()).filter((p) => p.ppid === process.pid && p.comm === 'workerd').reduce((a, p) => a + p.cpuMs, 0);
  try {
    for (let r = 0; r < rounds; r++) {
      const worker = await startApiWorker(built, join(built.build, `state-${r}`));
      try {
        await timed(() => fetch(new URL('/healthz', worker.url)));
        noInspector.push(await timed(() => fetch(new URL('/v1/classify', worker.url), classify(FIRST))));
      } finally {
        await worker.dispose();
      }
    }
    for (let r = 0; r < (quick ? 1 : 5); r++) {
      const t0 = performance.now();
      const mf = await startMiniflareWorker(built);
      const send = (path: string, init?: ReturnType<typeof classify>) => () => mf.dispatchFetch(`http://localhost${path}`, init);
      try {
        await timed(send('/healthz'));
        start.push(performance.now() - t0);
        const cpu0 = await mfWorkerdCpu();
        first.push(await timed(send('/v1/classify', classify(FIRST))));
        workerdCpu.push((await mfWorkerdCpu()) - cpu0);
        warm.push(await timed(send('/v1/classify', classify('The plot made no sense at all.'))));
      } finally {
        await mf.dispose();
      }
    }
  } finally {
    await built.dispose();
  }
  return [
    {
      section: SECTION,
      variant: `wrangler dev: first classify answer of a fresh Worker (model load included), median of ${dev.length}`,
      value: `${ms(median(dev))} (each: ${each(dev)} ms)`,
      target: 'cold first answer in workerd ≤ 1.2 s',
    },
    ...(hasProc
      ? [
          {
            section: SECTION,
            variant: `wrangler dev: CPU time each process used during that first answer (median; ${cpus().length} cores)`,
            value: [...cpu].map(([role, xs]) => `${role} ${median(xs).toFixed(0)} ms`).join(', '),
          },
        ]
      : []),
    {
      section: SECTION,
      variant: `wrangler's dev server with its inspector off (unstable_startWorker): first classify answer, median of ${noInspector.length}`,
      value: `${ms(median(noInspector))} (each: ${each(noInspector)} ms)`,
      target: 'cold first answer in workerd ≤ 1.2 s',
    },
    {
      section: SECTION,
      variant: `workerd via Miniflare (no dev proxy or inspector): first classify answer of a fresh Worker, median of ${first.length}`,
      value: `${ms(median(first))} (each: ${each(first)} ms)`,
      target: 'cold first answer in workerd ≤ 1.2 s',
    },
    ...(hasProc
      ? [
          {
            section: SECTION,
            variant: 'workerd via Miniflare: CPU time its workerd used during that first answer (median)',
            value: `${median(workerdCpu).toFixed(0)} ms`,
          },
        ]
      : []),
    {
      section: SECTION,
      variant: 'workerd via Miniflare: runtime start to first /healthz answer (workerd and script start-up)',
      value: `median ${ms(median(start))} (each: ${each(start)} ms)`,
    },
    {
      section: SECTION,
      variant: 'workerd via Miniflare: next classify (warm isolate, another text)',
      value: `median ${ms(median(warm))}`,
    },
  ];
}
