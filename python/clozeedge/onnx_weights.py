"""Recover a BertForMaskedLM state dict from an exported `onnx/model.onnx` (fp32) or, for
models that ship int8 graphs only, from `onnx/model_quantized.onnx` (dequantized: each int8
weight of quantize.py's MatMulInteger pattern, less its zero point, times its per-column scale;
the tied word embeddings come back from the decoder's table, also in int8_layout.py's layout
where the decoder reads Transpose(table); precision is that of the int8 graph).

torch.onnx.export keeps most parameter names but folds each Linear weight into an anonymous,
transposed MatMul initializer (`onnx::MatMul_589`). Each such MatMul feeds an Add whose other
input is the Linear's named bias, which gives the weight its name back. Used by
`train.py --init-weights model.onnx` to continue training a shipped model whose checkpoint
is not on this machine (the recovered weights are the exported ones, bit for bit).
"""
import re

import numpy as np
import onnx
from onnx import numpy_helper

PREFIX = "model."  # export wraps the model in FullWrapper(model)


def state_dict_from_onnx(path):
    g = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    producers = {o: node for node in g.node for o in node.output}
    consumers = {}
    for node in g.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    out = {}
    for name, arr in inits.items():
        if name.startswith(PREFIX) and not re.search(r"_(uint8|scale)_q\d+$", name):  # quantised parts come below
            out[name[len(PREFIX):]] = arr
    for node in g.node:
        if node.op_type == "MatMulInteger" and _int_weight(inits, producers, node.input[1]) is not None:
            # MatMulInteger -> Cast -> Mul(x scale) -> Mul(column scale) -> Add(named bias)
            mul = consumers[consumers[consumers[node.output[0]][0].output[0]][0].output[0]][0]
            scale = [inits[i] for i in mul.input if i in inits]
            zero = inits[node.input[3]].astype(np.float32)  # 128 for uint8 weights, 0 for int8
            w = (_int_weight(inits, producers, node.input[1]).astype(np.float32) - zero) * scale[0][None, :]
            name = _bias_name(consumers, mul.output[0], node)
            if name == "cls.predictions":
                name = "bert.embeddings.word_embeddings"  # the tied table
            out[name + ".weight"] = np.ascontiguousarray(w.T)
        elif node.op_type == "MatMul" and node.input[1] in inits and not node.input[1].startswith(PREFIX):
            out[_bias_name(consumers, node.output[0], node) + ".weight"] = np.ascontiguousarray(inits[node.input[1]].T)
    return out


def _int_weight(inits, producers, name):
    """A MatMulInteger weight: an initializer, or Transpose(initializer) (int8_layout.py's decoder)."""
    if name in inits:
        return inits[name]
    node = producers.get(name)
    if node is not None and node.op_type == "Transpose" and node.input[0] in inits:
        return inits[node.input[0]].T
    return None


def _bias_name(consumers, output, node):
    adds = [n for n in consumers.get(output, []) if n.op_type == "Add"]
    bias = [i for n in adds for i in n.input if i.startswith(PREFIX) and i.endswith(".bias")]
    if len(bias) != 1:
        raise ValueError(f"cannot name the weight of {node.op_type} {node.name} ({node.input[1]})")
    return bias[0][len(PREFIX):-len(".bias")]
