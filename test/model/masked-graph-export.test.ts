import * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';
import { PYTHON, pythonHas, run } from '../support/python.js';

/** Needs Debian's python3-torch and python3-onnx (tools/pretrain/README.md); skipped without them. */
const hasTorch = await pythonHas('torch, onnx');

/**
 * Exports a small random BERT with export.py's export_onnx (the masked graph runs its last layer
 * only at the masks and ships pre-optimized by optimize_graph.mjs) and, for comparison, the int8
 * masked graph as quantize.py and int8_layout.py leave it. Prints a JSON summary.
 */
const EXPORT = `
import json, os, sys, torch, onnx
sys.path.insert(0, "tools/pretrain")
from model import BertForMaskedLM, Cfg
import export, quantize, int8_layout
out = sys.argv[1]
torch.manual_seed(1)
model = BertForMaskedLM(Cfg(vocab_size=96, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                            intermediate_size=64, max_position_embeddings=32))
export.export_onnx(model, out, example_ids=(5, 96))
quantize.quantize_file(out + "/model_masked.onnx", out + "/raw.onnx")
int8_layout.int8_layout_file(out + "/raw.onnx", out + "/raw.onnx")
ops = lambda p: sorted({n.op_type for n in onnx.load(p).graph.node})
size = lambda p: sum(len(t.raw_data) for t in onnx.load(p).graph.initializer)
shipped = out + "/model_masked_quantized.onnx"
print(json.dumps({"ops": ops(shipped), "raw_ops": ops(out + "/raw.onnx"),
                  "bytes": size(shipped), "raw_bytes": size(out + "/raw.onnx")}))
`;

const feeds = (masks: number[][]) => {
  const B = masks.length;
  const T = 12;
  const ids = BigInt64Array.from({ length: B * T }, (_, i) => BigInt(i % T === 0 ? 2 : 5 + ((i * 37) % 90)));
  const att = BigInt64Array.from({ length: B * T }, (_, i) => (i % T < T - (i >= T ? 3 : 0) ? 1n : 0n));
  const M = masks[0]!.length;
  return {
    input_ids: new ort.Tensor('int64', ids, [B, T]),
    attention_mask: new ort.Tensor('int64', att, [B, T]),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(B * T), [B, T]),
    mask_positions: new ort.Tensor('int64', BigInt64Array.from(masks.flat(), BigInt), [B, M]),
  };
};

describe.skipIf(!hasTorch)('tools/pretrain/export.py masked graph', () => {
  it('runs the last layer at the masks only, ships pre-optimized with a label-word decoder, and answers like the full graph', {
    timeout: 180_000,
  }, async () => {
    const dir = await tempDir('cloze-masked-export-');
    const { stdout } = await run(PYTHON, ['-c', EXPORT, dir], { timeout: 170_000 });
    const info = JSON.parse(stdout.trim().split('\n').at(-1)!) as { ops: string[]; raw_ops: string[]; bytes: number; raw_bytes: number };
    // ONNX Runtime's fusions are in the file; the tied table is stored once (no folded copy)
    expect(info.raw_ops).toContain('ReduceMean');
    expect(info.ops).toEqual(expect.arrayContaining(['LayerNormalization', 'BiasGelu', 'MatMulInteger', 'If']));
    expect(info.ops).not.toContain('ReduceMean');
    expect(info.bytes).toBeLessThan(info.raw_bytes + (96 * 32) / 2); // a second table would add 96 × 32 bytes

    const session = (f: string) => ort.InferenceSession.create(join(dir, f), { intraOpNumThreads: 1 });
    const [full, masked, shipped, raw] = await Promise.all(['model.onnx', 'model_masked.onnx', 'model_masked_quantized.onnx', 'raw.onnx'].map(session));
    const masks = [
      [3, 7],
      [1, 8],
    ];
    const f = feeds(masks);
    const { mask_positions: _, ...plain } = f;
    const all = (await full!.run(plain)).logits!;
    const atMasks = (await masked!.run(f)).logits!.data as Float32Array;
    const V = 96;
    const T = 12;
    // fp32: the pruned last layer gives the full graph's logits at the masks
    masks.forEach((row, b) => {
      row.forEach((pos, m) => {
        for (let v = 0; v < V; v++) expect(atMasks[(b * 2 + m) * V + v]).toBeCloseTo((all.data as Float32Array)[(b * T + pos) * V + v]!, 4);
      });
    });
    // int8: the pre-optimized graph is the same computation as the graph it was made from, over
    // the whole vocabulary (empty label_ids) and, bit for bit, over some ids in the order asked
    const labelIds = (ids: number[]) => ({ label_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [ids.length]) });
    const a = (await shipped!.run({ ...f, ...labelIds([]) })).logits!.data as Float32Array;
    const b = (await raw!.run(f)).logits!.data as Float32Array;
    expect(Array.from(a)).toEqual(Array.from(b));
    const some = [50, 7, 93];
    const picked = (await shipped!.run({ ...f, ...labelIds(some) })).logits!;
    expect(picked.dims).toEqual([2, 2, 3]);
    expect(Array.from(picked.data as Float32Array)).toEqual(Array.from({ length: 4 }, (_, r) => some.map((id) => b[r * V + id]!)).flat());
    const worst = a.reduce((w, x, i) => Math.max(w, Math.abs(x - atMasks[i]!)), 0);
    expect(worst).toBeLessThan(0.5); // int8 rounding only
    expect(worst).toBeGreaterThan(0);
  });
});
