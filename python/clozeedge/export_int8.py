"""Write a model folder in the layout the service loads (models/cloze-bert-mini): config.json,
tokenizer files and the int8 masked graph `onnx/model_masked_quantized.onnx`, built as the
shipped one is: export the fp32 masked graph, quantize it (quantize.py), lay it out for int8
kernels (int8_layout.py), save ONNX Runtime's own optimization of it (optimize_graph.mjs, run
with Node) and give it the label-word decoder (label_decoder.py). Used by tools/pretrain/export.py
and python/tune.py.
"""
import json
import os
import shutil
import subprocess
import tempfile

import onnx
import torch

from . import int8_layout, label_decoder, quantize
from .model import MaskedPositionsWrapper

HERE = os.path.dirname(os.path.abspath(__file__))
OPTIMIZE_GRAPH = os.path.join(HERE, "..", "optimize_graph.mjs")
MASKED_INT8 = "model_masked_quantized.onnx"
TOKENIZER_FILES = ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


def write_config(out, cfg):
    c = cfg.to_dict()
    conf = {
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "vocab_size": c["vocab_size"],
        "hidden_size": c["hidden_size"],
        "num_hidden_layers": c["num_hidden_layers"],
        "num_attention_heads": c["num_attention_heads"],
        "intermediate_size": c["intermediate_size"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": c["max_position_embeddings"],
        "type_vocab_size": c["type_vocab_size"],
        "initializer_range": c["initializer_range"],
        "layer_norm_eps": c["layer_norm_eps"],
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "use_cache": True,
        "classifier_dropout": None,
        "torch_dtype": "float32",
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(conf, f, indent=2)
        f.write("\n")


def copy_tokenizer(src_dir, out):
    """The base model's tokenizer files (a tuned model keeps its vocabulary)."""
    for name in TOKENIZER_FILES:
        if os.path.exists(os.path.join(src_dir, name)):
            shutil.copyfile(os.path.join(src_dir, name), os.path.join(out, name))


def pre_optimize(path, node="node"):
    """Replace an int8 graph by ONNX Runtime's own optimization of it (optimize_graph.mjs, level
    extended), keeping the file small: ONNX Runtime folds Transpose(tied table) into a second copy
    of the table, which is put back as a Transpose node (it folds again at session creation)."""
    tmp = path + ".opt"
    subprocess.run([node, OPTIMIZE_GRAPH, path, tmp], check=True, stdout=subprocess.DEVNULL)
    model = onnx.load(tmp)
    os.remove(tmp)
    g = model.graph
    folded = [t for t in g.initializer if t.name == int8_layout.EMB + "_T"]
    if folded:
        g.initializer.remove(folded[0])
        g.node.insert(0, onnx.helper.make_node("Transpose", [int8_layout.EMB], [int8_layout.EMB + "_T"], perm=[1, 0],
                                               name="word_embeddings_T"))
    onnx.save(model, path)


def finish_masked_int8(fp32_path, dst, node="node"):
    """fp32 masked graph -> the service's int8 masked graph (quantized, int8 layout, pre-optimized, label decoder)."""
    quantize.quantize_file(fp32_path, dst)
    int8_layout.int8_layout_file(dst, dst)
    pre_optimize(dst, node)
    label_decoder.rewrite_file(dst)
    return dst


def export_masked_fp32(model, path, example_ids=(1000, 2000)):
    B, T = 2, 9
    ids = torch.randint(*example_ids, (B, T))
    am = torch.ones(B, T, dtype=torch.long)
    tt = torch.zeros(B, T, dtype=torch.long)
    mp = torch.tensor([[1, 3], [2, 0]])
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "sequence_length"},
           "token_type_ids": {0: "batch_size", 1: "sequence_length"}}
    model.eval()
    with torch.no_grad():
        torch.onnx.export(MaskedPositionsWrapper(model), (ids, am, tt, mp), path, opset_version=14,
                          do_constant_folding=True,
                          input_names=["input_ids", "attention_mask", "token_type_ids", "mask_positions"],
                          output_names=["logits"],
                          dynamic_axes={**dyn, "mask_positions": {0: "batch_size", 1: "num_masks"},
                                        "logits": {0: "batch_size", 1: "num_masks"}})
    return path


def write_int8_folder(model, cfg, tokenizer_dir, out, node="node"):
    """An int8-only model folder: config.json, the tokenizer files, onnx/model_masked_quantized.onnx."""
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    write_config(out, cfg)
    copy_tokenizer(tokenizer_dir, out)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = export_masked_fp32(model, os.path.join(tmp, "model_masked.onnx"))
        finish_masked_int8(fp32, os.path.join(out, "onnx", MASKED_INT8), node)
    return out
