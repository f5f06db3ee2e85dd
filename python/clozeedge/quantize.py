"""Int8 dynamic quantisation of an exported BERT ONNX graph, written with the plain
onnx Python API (no onnxruntime needed).

Every MatMul / Gemm whose weight is a constant fp32 initializer becomes an ONNX Runtime
style dynamic-quantisation pattern

    quantise(x) -> MatMulInteger(x_q, W_q, 128, 128) -> Cast(float)
        -> Mul(x_row_scale) -> Mul(w_col_scale) [-> Add(bias) kept in fp32]

where quantise(x) is a per-row (per-token) symmetric uint8 quantisation written with plain
ops (Abs, ReduceMax, Div, Round, Add, Clip, Cast) instead of the per-tensor
DynamicQuantizeLinear, so a token's output never depends on the other tokens/rows of the
batch (and the masked-head graph matches the full graph exactly).
Weights are stored as uint8 with zero point 128 (symmetric range, per-output-column
scales). uint8 x uint8 avoids the int16 saturation of u8s8 kernels on CPUs without VNNI.

The tied word-embedding table is stored ONCE, as uint8 [hidden, vocab] (transposed,
i.e. the decoder's K x N layout) with one scale per vocabulary row:
  - the input embedding becomes Gather(axis=1) -> Transpose -> Cast -> Sub(128) -> Mul(row scale)
  - the decoder Gemm(transB=1) becomes a MatMulInteger on the same uint8 initializer.
No fp32 copy of the table remains.

Usage: quantize.py in.onnx out.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def _quant_cols(w):
    """w: [K, N] float -> (uint8 [K, N], scale [N]) symmetric per column, zero point 128."""
    amax = np.abs(w).max(axis=0)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int32) + 128
    return q.astype(np.uint8), scale


def quantize_model(model):
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    graph_inputs = {i.name for i in g.input}
    new_inits = []
    uid = [0]

    def name(base):
        uid[0] += 1
        return f"{base}_q{uid[0]}"

    def const(nm, arr):
        new_inits.append(numpy_helper.from_array(np.asarray(arr), nm))
        return nm

    zp128 = const("zero_point_128", np.array(128, dtype=np.uint8))

    f127 = const("f127", np.array(127.0, np.float32))
    f128c = const("f128", np.array(128.0, np.float32))
    f0 = const("f0", np.array(0.0, np.float32))
    f255 = const("f255", np.array(255.0, np.float32))
    feps = const("feps", np.array(1e-8, np.float32))
    act_cache = {}

    def quant_act(x, nodes):
        """Per-row (per-token) symmetric uint8 quantisation of activation x (zero point 128):
        row scale s = max|x_row| / 127, q = clip(round(x / s) + 128, 0, 255).
        Per-row scales make each token's result independent of the other rows in the batch,
        so model_masked_quantized gives exactly model_quantized's numbers at the masked rows."""
        if x not in act_cache:
            ab, mx, s0, s, d, r, a, c, q = (name(x + t) for t in
                                             ("_abs", "_max", "_s0", "_scale", "_div", "_rnd", "_add", "_clip", "_u8"))
            nodes.append(helper.make_node("Abs", [x], [ab], name=name("Abs")))
            nodes.append(helper.make_node("ReduceMax", [ab], [mx], axes=[-1], keepdims=1, name=name("ReduceMax")))
            nodes.append(helper.make_node("Div", [mx, f127], [s0], name=name("Div")))
            nodes.append(helper.make_node("Max", [s0, feps], [s], name=name("Max")))
            nodes.append(helper.make_node("Div", [x, s], [d], name=name("Div")))
            nodes.append(helper.make_node("Round", [d], [r], name=name("Round")))
            nodes.append(helper.make_node("Add", [r, f128c], [a], name=name("Add")))
            nodes.append(helper.make_node("Clip", [a, f0, f255], [c], name=name("Clip")))
            nodes.append(helper.make_node("Cast", [c], [q], to=TensorProto.UINT8, name=name("Cast")))
            act_cache[x] = (q, s)
        return act_cache[x]

    def qmatmul(x, wq_name, wscale_name, out, nodes, bias=None):
        q, s = quant_act(x, nodes)
        mi, fl, m1 = name("mmi"), name("mmi_f"), name("mm_rs")
        nodes.append(helper.make_node("MatMulInteger", [q, wq_name, zp128, zp128], [mi], name=name("MatMulInteger")))
        nodes.append(helper.make_node("Cast", [mi], [fl], to=TensorProto.FLOAT, name=name("Cast")))
        nodes.append(helper.make_node("Mul", [fl, s], [m1], name=name("Mul")))
        if bias is None:
            nodes.append(helper.make_node("Mul", [m1, wscale_name], [out], name=name("Mul")))
        else:
            mo = name("mm_out")
            nodes.append(helper.make_node("Mul", [m1, wscale_name], [mo], name=name("Mul")))
            nodes.append(helper.make_node("Add", [mo, bias], [out], name=name("Add")))

    # ---- find the tied word-embedding table (Gather on input_ids) ----
    emb_name = None
    for n in g.node:
        if n.op_type == "Gather" and n.input[0] in inits and n.input[1] == "input_ids":
            emb_name = n.input[0]
    emb_q = emb_scale = None
    if emb_name is not None:
        E = numpy_helper.to_array(inits[emb_name]).astype(np.float32)  # [V, H]
        q, s = _quant_cols(E.T)  # per vocabulary row
        emb_q = const("word_embeddings_uint8_T", q)  # [H, V]
        emb_scale = const("word_embeddings_row_scale", s)  # [V]

    out_nodes = []
    for n in g.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        if emb_name is not None and n.op_type == "Gather" and n.input[0] == emb_name:
            assert attrs.get("axis", 0) == 0
            ids = n.input[1]
            g1, t1, c1, s1, rs, rsu = (name("emb_gather"), name("emb_T"), name("emb_f"), name("emb_c"),
                                       name("emb_rs"), name("emb_rsu"))
            out_nodes.append(helper.make_node("Gather", [emb_q, ids], [g1], axis=1, name=name("Gather")))
            out_nodes.append(helper.make_node("Transpose", [g1], [t1], perm=[1, 2, 0], name=name("Transpose")))
            out_nodes.append(helper.make_node("Cast", [t1], [c1], to=TensorProto.FLOAT, name=name("Cast")))
            out_nodes.append(helper.make_node("Sub", [c1, f128c], [s1],
                                              name=name("Sub")))
            out_nodes.append(helper.make_node("Gather", [emb_scale, ids], [rs], axis=0, name=name("Gather")))
            out_nodes.append(helper.make_node("Unsqueeze", [rs, const(name("axes"), np.array([-1], np.int64))],
                                              [rsu], name=name("Unsqueeze")))
            out_nodes.append(helper.make_node("Mul", [s1, rsu], [n.output[0]], name=name("Mul")))
            continue
        if n.op_type == "MatMul" and n.input[1] in inits and n.input[0] not in inits:
            W = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)
            if W.ndim == 2:
                q, s = _quant_cols(W)
                qmatmul(n.input[0], const(name(n.input[1] + "_uint8"), q), const(name(n.input[1] + "_scale"), s),
                        n.output[0], out_nodes)
                continue
        if n.op_type == "Gemm" and n.input[1] in inits:
            assert attrs.get("alpha", 1.0) == 1.0 and attrs.get("beta", 1.0) == 1.0 and not attrs.get("transA", 0)
            bias = n.input[2] if len(n.input) > 2 and n.input[2] else None
            if n.input[1] == emb_name and attrs.get("transB", 0) == 1:
                qmatmul(n.input[0], emb_q, emb_scale, n.output[0], out_nodes, bias)
                continue
            W = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)
            if attrs.get("transB", 0):
                W = W.T
            q, s = _quant_cols(W)
            qmatmul(n.input[0], const(name(n.input[1] + "_uint8"), q), const(name(n.input[1] + "_scale"), s),
                    n.output[0], out_nodes, bias)
            continue
        out_nodes.append(n)

    del g.node[:]
    g.node.extend(out_nodes)
    g.initializer.extend(new_inits)
    used = set()
    for n in g.node:
        used.update(n.input)
    used.update(o.name for o in g.output)
    keep = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    assert emb_name is None or emb_name not in {i.name for i in g.initializer}, "fp32 embedding copy left"
    _ = graph_inputs
    return model


def quantize_file(src, dst):
    model = onnx.load(src)
    model = quantize_model(model)
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    return dst


if __name__ == "__main__":
    quantize_file(sys.argv[1], sys.argv[2])
