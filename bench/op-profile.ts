import { classifyTexts, inWords, pool } from './dev-texts.js';
import { SENTIMENT } from './fixtures.js';
import { profiledEngine } from './profiled-engine.js';
/**
 * Where a batch of 16 does not pay: ONNX Runtime's per-op kernel time per text, one text per
 * pass vs batches of 16 (20–25-word dev texts, 1 thread, each mode in its own profiled
 * session, twice, alternating), and the ratio per op. The profiler adds a fixed cost per
 * node, so its ratios flatter batching; wall-clock ratios come from `npm run bench` (R1).
 * Usage: npx tsx bench/op-profile.ts ['{"enableMemPattern":false}'] (extra session options as JSON)
 */
const opts = JSON.parse(process.argv[2] ?? '{}');
async function prof(batch: number, texts: string[][]) {
  const { engine, finish } = await profiledEngine('p', opts);
  const inline = { inline: { task: 'classify' as const, ...SENTIMENT, options: { aggregation: 'sum' as const, calibrate: false } } };
  let n = 0;
  const t0 = performance.now();
  for (const group of texts) {
    if (batch === 1)
      for (const t of group) {
        await engine.classify(inline, [t]);
        n++;
      }
    else {
      await engine.classify(inline, group);
      n += group.length;
    }
  }
  const wall = performance.now() - t0;
  const ev = finish();
  const by = new Map<string, number>();
  let k = 0;
  let run = 0;
  for (const e of ev) {
    if (e.cat === 'Session' && e.name === 'model_run') run += e.dur;
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const op = e.args?.op_name ?? '?';
    by.set(op, (by.get(op) ?? 0) + e.dur);
    k += e.dur;
  }
  return { by, kernelPerText: k / n / 1000, runPerText: run / n / 1000, wallPerText: wall / n, n };
}
const src = pool('20–25', inWords(classifyTexts(), 20, 25));
const groups = Array.from({ length: 12 }, () => src.take(16));
// warm
await prof(16, groups.slice(0, 2));
const s = await prof(1, groups);
const b = await prof(16, groups);
const s2 = await prof(1, groups);
const b2 = await prof(16, groups);
console.log(
  `wall per text single ${s.wallPerText.toFixed(2)}/${s2.wallPerText.toFixed(2)} batch ${b.wallPerText.toFixed(2)}/${b2.wallPerText.toFixed(2)} ratio ${(b.wallPerText / s.wallPerText).toFixed(2)}/${(b2.wallPerText / s2.wallPerText).toFixed(2)}`,
);
console.log(
  `model_run per text single ${s.runPerText.toFixed(2)} batch ${b.runPerText.toFixed(2)}; kernel per text single ${s.kernelPerText.toFixed(2)} batch ${b.kernelPerText.toFixed(2)} ratio ${(b.kernelPerText / s.kernelPerText).toFixed(2)}`,
);
const ops = [...new Set([...s.by.keys(), ...b.by.keys()])].sort((x, y) => (s.by.get(y) ?? 0) - (s.by.get(x) ?? 0));
for (const op of ops) {
  const a = (s.by.get(op) ?? 0) / s.n / 1000,
    c = (b.by.get(op) ?? 0) / b.n / 1000;
  console.log(`${op.padEnd(22)} single ${a.toFixed(3)} ms/text  batch ${c.toFixed(3)} ms/text  ratio ${(c / a).toFixed(2)}`);
}
