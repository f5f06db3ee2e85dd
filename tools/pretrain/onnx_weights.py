"""Recover a BertForMaskedLM state dict from an exported fp32 `onnx/model.onnx`.

torch.onnx.export keeps most parameter names but folds each Linear weight into an anonymous,
transposed MatMul initializer (`onnx::MatMul_589`). Each such MatMul feeds an Add whose other
input is the Linear's named bias, which gives the weight its name back. Used by
`train.py --init-weights model.onnx` to continue training a shipped model whose checkpoint
is not on this machine (the recovered weights are the exported ones, bit for bit).
"""
import numpy as np
import onnx
from onnx import numpy_helper

PREFIX = "model."  # export wraps the model in FullWrapper(model)


def state_dict_from_onnx(path):
    g = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    consumers = {}
    for node in g.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    out = {}
    for name, arr in inits.items():
        if name.startswith(PREFIX):
            out[name[len(PREFIX):]] = arr
    for node in g.node:
        if node.op_type != "MatMul" or node.input[1] not in inits or node.input[1].startswith(PREFIX):
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        bias = [i for n in adds for i in n.input if i.startswith(PREFIX) and i.endswith(".bias")]
        if len(bias) != 1:
            raise ValueError(f"cannot name the weight of MatMul {node.name} ({node.input[1]})")
        out[bias[0][len(PREFIX):-len(".bias")] + ".weight"] = np.ascontiguousarray(inits[node.input[1]].T)
    return out
