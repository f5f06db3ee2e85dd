import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { httpBench } from './http.js';
import { realisticHttp } from './http-realistic.js';
import { inProcess } from './in-process.js';
import { coldRows } from './cold.js';
import { coldWorkerdRows } from './cold-workerd.js';
import { profileRows } from './profile.js';
import { ortOptionRows, realisticInProcess } from './realistic.js';
import { storedConfigRows } from './stored-config.js';
import { printTable, type Row } from './timing.js';

/**
 * `npm run bench`: every comparison side by side in one run, on the same model and machine,
 * printed as a table with ratios, then the rows that measure issue 14's (and 26's) targets again.
 * `--quick` for a short smoke run; `--only realistic|ort-options|profile|realistic-http|in-process|http|memory|cold|cold-workerd|stored-config`;
 * `--baseline-model <folder>` adds that model (e.g. an earlier revision's files) beside the
 * default one in the 20–25-word in-process rows and the HTTP rows.
 * The `R` rows use dev-set texts (a fresh one per call); the others the fixed sentences of fixtures.ts.
 */
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, 'baseline-model': { type: 'string' } } });
const baselineModel = values['baseline-model'];
const quick = values.quick ?? false;
const want = (s: string) => !values.only || values.only === s;

console.log(`cloze-edge bench — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}${quick ? ' (quick)' : ''}`);
const rows: Row[] = [];
if (want('realistic')) rows.push(...(await realisticInProcess(quick, { baselineModel })));
if (want('ort-options')) rows.push(...(await ortOptionRows(quick)));
if (want('profile')) rows.push(...(await profileRows(quick)));
if (want('realistic-http')) rows.push(...(await realisticHttp(quick, { baselineModel })));
if (want('in-process')) rows.push(...(await inProcess(quick)));

if (want('memory')) {
  type Mem = { loaded: number; peak: number; before: number; wasmLoaded: number; wasmPeak: number };
  const mem = (runtime: string, graph: string, batch: [number, number]) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'bench/ner-memory.ts', '--runtime', runtime, '--graph', graph, '--rows', String(batch[0]), '--tokens', String(batch[1])],
        { encoding: 'utf8' },
      ),
    ) as Mem;
  const wasm: Record<string, Mem> = {};
  for (const [runtime, graph, batch] of [
    ['wasm', 'full', [64, 4096]],
    ['wasm', 'masked', [64, 4096]],
    ['wasm', 'masked', [16, 1024]],
    ['node', 'full', [64, 4096]],
    ['node', 'masked', [64, 4096]],
  ] as const) {
    const r = mem(runtime, graph, [batch[0], batch[1]]);
    const label = `${runtime === 'wasm' ? 'onnxruntime-web WASM' : 'onnxruntime-node'}, ${graph} graph, batches ≤ ${batch[0]} rows / ${batch[1]} tokens`;
    if (runtime === 'wasm') wasm[`${graph}${batch[0]}`] = r;
    const linear = runtime === 'wasm' ? `WASM linear memory ${r.wasmLoaded.toFixed(0)} → ${r.wasmPeak.toFixed(0)} MiB; ` : '';
    rows.push({
      section: '5 memory: 64-span NER',
      variant: label,
      value: `${linear}process RSS +${(r.loaded - r.before).toFixed(0)} MiB loaded, peak +${(r.peak - r.before).toFixed(0)} MiB`,
    });
  }
  const wf = wasm.full64!;
  const wm = wasm.masked64!;
  rows.push({
    section: 'opt: MLM head at masks only',
    variant: 'WASM linear memory, 64-span NER: full → masked',
    value: `${wf.wasmPeak.toFixed(0)} → ${wm.wasmPeak.toFixed(0)} MiB`,
    ratio: `${(wf.wasmPeak / wm.wasmPeak).toFixed(1)}× less`,
  });
}

if (want('http')) rows.push(...(await httpBench(quick)));
if (want('cold')) rows.push(...(await coldRows(quick)));
if (want('cold-workerd')) rows.push(...(await coldWorkerdRows(quick)));
if (want('stored-config')) rows.push(...(await storedConfigRows(quick)));
console.log(printTable(rows));
const targets = rows.filter((r) => r.target);
if (targets.length > 0) {
  console.log('\nIssue 14 targets (the rows above that measure them):\n');
  console.log(printTable(targets.map((r) => ({ section: r.target!, variant: `${r.section}: ${r.variant}`, value: r.value, ratio: r.ratio }))));
}
process.exit(0);
