// Held-out MLM top-1 / top-5 of the exported masked-head graphs (fp32 and int8), on the same
// rows and fixed masks as train.py's evaluation (eval_cases.json, written by export.py).
// Scores whichever of the two graphs <model_dir>/onnx holds: the repository ships the int8 one only;
// for fp32 pass a folder written by `export.py --npz <weights> --out <folder>`.
// Usage: node tools/pretrain/eval_onnx.mjs <model_dir> <eval_cases.json> [path to onnxruntime-node or -web]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [dir, casesPath, ortPath] = process.argv.slice(2);
const ort = createRequire(import.meta.url)(ortPath || 'onnxruntime-node');
const batches = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
const V = 30522;
const t64 = (rows, d) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), d);
const files = ['model_masked.onnx', 'model_masked_quantized.onnx'].filter((f) => fs.existsSync(path.join(dir, 'onnx', f)));
if (files.length === 0) throw new Error(`no model_masked*.onnx in ${path.join(dir, 'onnx')}`);
for (const file of files) {
  const s = await ort.InferenceSession.create(path.join(dir, 'onnx', file));
  let n = 0, c1 = 0, c5 = 0, nll = 0;
  const t0 = performance.now();
  for (const b of batches) {
    const B = b.input_ids.length, T = b.input_ids[0].length;
    const M = Math.max(...b.positions.map((p) => p.length));
    const mp = b.positions.map((p) => [...p, ...Array(M - p.length).fill(0)]);
    const out = await s.run({
      input_ids: t64(b.input_ids, [B, T]),
      attention_mask: t64(b.attention_mask, [B, T]),
      token_type_ids: t64(b.input_ids.map((r) => r.map(() => 0)), [B, T]),
      mask_positions: t64(mp, [B, M]),
      // a graph with a label-word decoder (label_decoder.py): empty label_ids = the whole vocabulary
      ...(s.inputNames.includes('label_ids') && { label_ids: new ort.Tensor('int64', new BigInt64Array(0), [0]) }),
    });
    const L = out.logits.data;
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < b.labels[r].length; j++) {
        const row = L.subarray((r * M + j) * V, (r * M + j + 1) * V);
        const y = b.labels[r][j];
        let mx = -Infinity;
        for (let i = 0; i < V; i++) if (row[i] > mx) mx = row[i];
        let se = 0, higher = 0;
        for (let i = 0; i < V; i++) { se += Math.exp(row[i] - mx); if (row[i] > row[y]) higher++; }
        nll += Math.log(se) + mx - row[y];
        if (higher === 0) c1++;
        if (higher < 5) c5++;
        n++;
      }
    }
  }
  console.log(`${file}: masked ${n}, loss ${(nll / n).toFixed(4)}, top-1 ${(100 * c1 / n).toFixed(2)} %, top-5 ${(100 * c5 / n).toFixed(2)} % (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
