import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';
import { PYTHON, pythonHas, run } from '../support/python.js';

/** Needs Debian's python3-onnx and python3-numpy (tools/pretrain/README.md); skipped without them. */
/** x86 without VNNI multiplies uint8 × int8 with vpmaddubsw, which can saturate (see int8_layout.py): equal within rounding there. */
const exactKernels =
  arch() !== 'x64' ||
  /\b(avx512_vnni|avx_vnni)\b/.test(
    (() => {
      try {
        return readFileSync('/proc/cpuinfo', 'utf8');
      } catch {
        return '';
      }
    })(),
  );
const hasOnnx = await pythonHas('onnx, numpy');

/**
 * A small fp32 graph with the shapes quantize.py looks for (tied table: Gather on input_ids
 * and a transB Gemm decoder; a hidden MatMul), quantized by quantize.py, then rewritten by
 * int8_layout.py. Prints the op types of both graphs as JSON.
 */
const BUILD = `
import json, sys
import numpy as np
from onnx import TensorProto, helper, numpy_helper
sys.path.insert(0, "tools/pretrain")
import quantize, int8_layout, onnx
rng = np.random.default_rng(3)
V, H = 97, 16
E = rng.normal(0, 1, (V, H)).astype(np.float32)
W = rng.normal(0, 0.5, (H, H)).astype(np.float32)
b = rng.normal(0, 0.1, (V,)).astype(np.float32)
nodes = [
    helper.make_node("Gather", ["emb", "input_ids"], ["x"], name="emb_gather"),
    helper.make_node("MatMul", ["x", "w"], ["h"], name="dense"),
    helper.make_node("Tanh", ["h"], ["t"], name="act"),
    helper.make_node("Reshape", ["t", "shape2d"], ["t2"], name="flat"),
    helper.make_node("Gemm", ["t2", "emb", "bias"], ["logits"], transB=1, name="decoder"),
]
g = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["B", "S"])],
                      [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", V])],
                      [numpy_helper.from_array(E, "emb"), numpy_helper.from_array(W, "w"), numpy_helper.from_array(b, "bias"),
                       numpy_helper.from_array(np.array([-1, H], np.int64), "shape2d")])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)])
m.ir_version = 7
out = sys.argv[1]
onnx.save(m, out + "/fp32.onnx")
quantize.quantize_file(out + "/fp32.onnx", out + "/quantized.onnx")
int8_layout.int8_layout_file(out + "/quantized.onnx", out + "/layout.onnx")
ops = lambda p: [n.op_type for n in onnx.load(p).graph.node]
lm = onnx.load(out + "/layout.onnx").graph
inits = {i.name: i.data_type for i in lm.initializer}
b_types = [inits.get(n.input[1], "folded") for n in lm.node if n.op_type == "MatMulInteger"]
print(json.dumps({"quantized": ops(out + "/quantized.onnx"), "layout": ops(out + "/layout.onnx"), "b_types": b_types}))
`;

describe.skipIf(!hasOnnx)('tools/pretrain/int8_layout.py', () => {
  it('rewrites quantize.py’s graph for uint8 × int8 kernels with the same logits, bit for bit', async () => {
    const dir = await tempDir('cloze-int8-layout-');
    const { stdout } = await run(PYTHON, ['-c', BUILD, dir], { timeout: 120_000 });
    const info = JSON.parse(stdout) as { quantized: string[]; layout: string[]; b_types: (number | string)[] };
    expect(info.quantized).toEqual(expect.arrayContaining(['MatMulInteger', 'Round', 'Clip']));
    expect(info.layout).toEqual(expect.arrayContaining(['MatMulInteger', 'QuantizeLinear']));
    expect(info.layout).not.toContain('Round');
    expect(info.layout).not.toContain('Clip');
    // the hidden matmul's weight is an int8 initializer (3 = INT8); the decoder reads Transpose(table)
    expect(info.b_types).toEqual([3, 'folded']);

    const ids = BigInt64Array.from({ length: 3 * 7 }, (_, i) => BigInt((i * 37 + 5) % 97));
    const logits = async (file: string) => {
      const session = await ort.InferenceSession.create(join(dir, file), { intraOpNumThreads: 1 });
      const out = await session.run({ input_ids: new ort.Tensor('int64', ids, [3, 7]) });
      return out.logits!.data as Float32Array;
    };
    const [before, after, fp32] = [await logits('quantized.onnx'), await logits('layout.onnx'), await logits('fp32.onnx')];
    expect(after.length).toBe(21 * 97);
    if (exactKernels) expect(Array.from(after)).toEqual(Array.from(before));
    else {
      after.forEach((v, i) => {
        expect(v).toBeCloseTo(before[i]!, 1);
      });
    }
    // and still close to the fp32 graph it came from (int8 rounding only)
    let worst = 0;
    after.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - fp32[i]!));
    });
    expect(worst).toBeLessThan(0.5);
    expect(worst).toBeGreaterThan(0);
  });
});
