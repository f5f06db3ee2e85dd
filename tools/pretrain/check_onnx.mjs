// Checks an exported model folder with onnxruntime (Node):
//  - fp32 model.onnx matches the PyTorch reference written by export.py (top-10 logits at masked positions)
//  - model_masked.onnx == model.onnx gathered at mask_positions (fp32 and int8 pairs)
//  - int8 top-1 agreement with fp32 at the masked positions
// Usage: node tools/pretrain/check_onnx.mjs <model_dir> <check_cases.json> [path to onnxruntime-node or -web] [fp32_dir]
// The repository ships the int8 graphs only: the fp32 ones are read from fp32_dir (a folder written by
// `export.py --npz <weights> --out <fp32_dir>`) or, without it, from <model_dir> if present; with no fp32
// graph at all the int8 graphs are compared with the PyTorch reference directly (top-1 agreement).
// (onnxruntime is not a dependency of the repo; install it in a scratch folder.)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [dir, casesPath, ortPath, fp32Arg] = process.argv.slice(2);
const fp32Dir = fp32Arg || dir;
const hasFp32 = fs.existsSync(path.join(fp32Dir, 'onnx', 'model.onnx'));
const require = createRequire(import.meta.url);
const ort = require(ortPath || 'onnxruntime-node');
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
const B = cases.input_ids.length;
const T = cases.input_ids[0].length;
const M = cases.mask_positions[0].length;
const V = 30522;
const t64 = (rows, d) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), d);
const feeds = {
  input_ids: t64(cases.input_ids, [B, T]),
  attention_mask: t64(cases.attention_mask, [B, T]),
  token_type_ids: t64(cases.input_ids.map((r) => r.map(() => 0)), [B, T]),
};
const mfeeds = { ...feeds, mask_positions: t64(cases.mask_positions, [B, M]) };

async function run(file, f, from = dir) {
  const s = await ort.InferenceSession.create(path.join(from, 'onnx', file));
  // a graph with a label-word decoder (label_decoder.py): empty label_ids = the whole vocabulary
  if (s.inputNames.includes('label_ids')) f = { ...f, label_ids: new ort.Tensor('int64', new BigInt64Array(0), [0]) };
  const t0 = performance.now();
  const out = await s.run(f);
  const ms = performance.now() - t0;
  return { logits: out.logits, ms, inputs: s.inputNames, outputs: s.outputNames };
}
const rowAt = (l, b, p, L) => l.data.subarray((b * L + p) * V, (b * L + p + 1) * V);
const argmax = (a) => { let m = 0; for (let i = 1; i < a.length; i++) if (a[i] > a[m]) m = i; return m; };

const fullq = await run('model_quantized.onnx', feeds);
const maskedq = await run('model_masked_quantized.onnx', mfeeds);
const full = hasFp32 ? await run('model.onnx', feeds, fp32Dir) : null;
const masked = hasFp32 ? await run('model_masked.onnx', mfeeds, fp32Dir) : null;
console.log('inputs', fullq.inputs, 'outputs', fullq.outputs, 'dims', fullq.logits.dims, 'masked dims', maskedq.logits.dims);
console.log(`time ms: int8 ${fullq.ms.toFixed(0)} masked-int8 ${maskedq.ms.toFixed(0)}` +
  (hasFp32 ? ` fp32 ${full.ms.toFixed(0)} masked ${masked.ms.toFixed(0)}` : ''));

let refErr = 0, refTop1 = 0, mErr = 0, mqErr = 0, agree = 0, agree5 = 0, n = 0;
for (const r of cases.ref) {
  const fq = rowAt(fullq.logits, r.row, r.pos, T);
  const mq = rowAt(maskedq.logits, r.row, r.slot, M);
  for (let i = 0; i < V; i++) mqErr = Math.max(mqErr, Math.abs(mq[i] - fq[i]));
  const a = argmax(fq);
  if (hasFp32) {
    const f = rowAt(full.logits, r.row, r.pos, T);
    for (let k = 0; k < r.ids.length; k++) refErr = Math.max(refErr, Math.abs(f[r.ids[k]] - r.logits[k]));
    if (argmax(f) === r.ids[0]) refTop1++;
    const m = rowAt(masked.logits, r.row, r.slot, M);
    for (let i = 0; i < V; i++) mErr = Math.max(mErr, Math.abs(m[i] - f[i]));
    if (a === argmax(f)) agree++;
  } else if (a === r.ids[0]) agree++;
  if (r.ids.slice(0, 5).includes(a)) agree5++;
  n++;
}
console.log(`masked positions: ${n}`);
if (hasFp32) {
  console.log(`fp32 vs PyTorch: max |diff| on top-10 logits ${refErr.toExponential(2)}, top-1 equal ${refTop1}/${n}`);
  console.log(`model_masked vs model (fp32): max |diff| ${mErr.toExponential(2)}`);
}
console.log(`model_masked_quantized vs model_quantized: max |diff| ${mqErr.toExponential(2)}`);
const ref = hasFp32 ? 'fp32' : 'PyTorch fp32';
console.log(`int8 vs ${ref} top-1 agreement ${(100 * agree / n).toFixed(1)}% (int8 top-1 within ${ref} top-5: ${(100 * agree5 / n).toFixed(1)}%)`);
const ok = mqErr < 1e-2 && (!hasFp32 || (refErr < 1e-3 && refTop1 === n && mErr < 1e-3));
console.log(ok ? 'OK' : 'FAILED');
process.exit(ok ? 0 : 1);
