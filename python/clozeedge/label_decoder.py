"""Give the int8 masked graph a decoder that can stop at the label words.

The MLM decoder multiplies each mask's vector by the whole tied table (30,522 x 256): for one
short prompt that is about a third of the pass, yet classify and NER read only their label
words' logits. This rewrite adds an input `label_ids` [K] (int64) and an `If` around the
decoder's integer matmul:

- `label_ids` empty  -> the decoder as before: the whole table (ONNX Runtime still folds its
  transpose into a constant at session creation and pre-packs it); `logits` is [B, M, V];
- `label_ids` = K ids -> only those K rows of the table (and their scales and biases) are
  gathered and multiplied; `logits` is [B, M, K], in the order of `label_ids`.

The integer products and the float operations after them are the same for a word either way,
so its logit is bit-identical in both modes. Nothing else in the graph changes.
Usage: python3 python/clozeedge/label_decoder.py model_masked_quantized.onnx [out.onnx]
(export.py and python/tune.py apply it after pre-optimizing the int8 masked graph).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

EMB = "word_embeddings_int8"  # int8_layout.EMB: the tied table, [V, H]
LABEL_IDS = "label_ids"


def rewrite(model):
    g = model.graph
    if any(i.name == LABEL_IDS for i in g.input):
        return model  # already rewritten
    inits = {t.name: t for t in g.initializer}
    vocab = inits[EMB].dims[0]
    consumers = {}
    for n in g.node:
        for x in n.input:
            consumers.setdefault(x, []).append(n)
    [at] = [i for i, n in enumerate(g.node) if n.op_type == "MatMulInteger" and n.input[1] == EMB + "_T"]
    mm = g.node[at]
    # the decoder's epilogue: follow the element-wise chain after the matmul (Cast, then Mul / Add)
    # and collect every per-word constant ([V]: the table's row scales, the prediction bias)
    per_word, t = [], mm.output[0]
    while True:
        chain = [n for n in consumers.get(t, []) if n.op_type in ("Cast", "Mul", "Add")]
        if len(chain) != 1:
            break
        for k, x in enumerate(chain[0].input):
            if x in inits and list(inits[x].dims) == [vocab]:
                per_word.append((chain[0], k, x))
        t = chain[0].output[0]
    if not per_word:
        raise SystemExit("no per-word constants after the decoder matmul: not the graph this tool expects")

    act, zp_a, zp_b = mm.input[0], mm.input[2], mm.input[3]
    out_t = helper.make_tensor_value_info
    full = helper.make_graph(
        [helper.make_node("MatMulInteger", [act, EMB + "_T", zp_a, zp_b], ["full_mm"])]
        + [helper.make_node("Identity", [x], [f"full_w{j}"]) for j, (_, _, x) in enumerate(per_word)],
        "whole_vocabulary", [],
        [out_t("full_mm", TensorProto.INT32, None)]
        + [out_t(f"full_w{j}", TensorProto.FLOAT, None) for j in range(len(per_word))])
    some = helper.make_graph(
        [helper.make_node("Gather", [EMB, LABEL_IDS], ["rows"], axis=0),
         helper.make_node("Transpose", ["rows"], ["rows_T"], perm=[1, 0]),
         helper.make_node("MatMulInteger", [act, "rows_T", zp_a, zp_b], ["some_mm"])]
        + [helper.make_node("Gather", [x, LABEL_IDS], [f"some_w{j}"], axis=0) for j, (_, _, x) in enumerate(per_word)],
        "label_words", [],
        [out_t("some_mm", TensorProto.INT32, None)]
        + [out_t(f"some_w{j}", TensorProto.FLOAT, None) for j in range(len(per_word))])
    g.initializer.append(numpy_helper.from_array(np.array(0, dtype=np.int64), "label_ids_none"))
    outs = [mm.output[0]] + [f"decoder_w{j}" for j in range(len(per_word))]
    new = [
        helper.make_node("Size", [LABEL_IDS], ["label_ids_count"], name="label_ids_count"),
        helper.make_node("Equal", ["label_ids_count", "label_ids_none"], ["whole_vocabulary"], name="whole_vocabulary"),
        helper.make_node("If", ["whole_vocabulary"], outs, name="decoder_words", then_branch=full, else_branch=some),
    ]
    for j, (node, k, _) in enumerate(per_word):
        node.input[k] = f"decoder_w{j}"
    del g.node[at]
    for k, n in enumerate(new):
        g.node.insert(at + k, n)
    g.input.append(helper.make_tensor_value_info(LABEL_IDS, TensorProto.INT64, ["num_label_ids"]))
    last = g.output[0].type.tensor_type.shape.dim[-1]
    last.ClearField("dim_value")
    last.dim_param = "vocab_or_label_ids"
    return model


def rewrite_file(src, dst=None):
    onnx.save(rewrite(onnx.load(src)), dst or src)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    rewrite_file(*sys.argv[1:])
