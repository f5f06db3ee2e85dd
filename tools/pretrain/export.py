"""Export a checkpoint (or, with --random, an untrained model) to the Hugging Face
layout the service loads:

  <out>/config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json, vocab.txt
  <out>/onnx/model.onnx                     fp32, logits [B, T, V]
  <out>/onnx/model_quantized.onnx           int8 (tools/pretrain/quantize.py, then int8_layout.py)
  <out>/onnx/model_masked.onnx              fp32, extra input mask_positions [B, M] -> logits [B, M, V]
  <out>/onnx/model_masked_quantized.onnx    int8, pre-optimized; optional input label_ids [K] -> logits [B, M, K]
                                            (label_decoder.py; empty label_ids: the whole vocabulary)
"""
import argparse
import json
import os
import shutil
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared data folder (corpus, tokenizer, lexicons): run.sh --data sets it, else ../shared/data beside the repo
DATA_ROOT = os.environ.get("CLOZE_PRETRAIN_DATA") or os.path.join(HERE, "../../../shared/data")
sys.path.insert(0, HERE)
from model import BertForMaskedLM, Cfg, FullWrapper  # noqa: E402
import int8_layout  # noqa: E402
import quantize  # noqa: E402
from clozeedge.export_int8 import export_masked_fp32, finish_masked_int8, pre_optimize, write_config  # noqa: E402,F401  (model.py's shim put python/ on the path)

TOK_DIR = os.path.join(DATA_ROOT, "tokenizers/bert-base-uncased")


def write_tokenizer(out):
    shutil.copyfile(os.path.join(TOK_DIR, "vocab.txt"), os.path.join(out, "vocab.txt"))
    shutil.copyfile(os.path.join(TOK_DIR, "tokenizer.json"), os.path.join(out, "tokenizer.json"))
    special = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
               "mask_token": "[MASK]"}
    tc = {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "do_basic_tokenize": True,
          "strip_accents": None, "tokenize_chinese_chars": True, "model_max_length": 128,
          "clean_up_tokenization_spaces": True, **special}
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump(tc, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "special_tokens_map.json"), "w") as f:
        json.dump(special, f, indent=2)
        f.write("\n")


def export_onnx(model, out_dir, example_ids=(1000, 2000)):
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    B, T = 2, 9
    ids = torch.randint(*example_ids, (B, T))
    am = torch.ones(B, T, dtype=torch.long)
    tt = torch.zeros(B, T, dtype=torch.long)
    full = os.path.join(out_dir, "model.onnx")
    masked = os.path.join(out_dir, "model_masked.onnx")
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "sequence_length"},
           "token_type_ids": {0: "batch_size", 1: "sequence_length"}}
    with torch.no_grad():
        torch.onnx.export(FullWrapper(model), (ids, am, tt), full, opset_version=14, do_constant_folding=True,
                          input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                          dynamic_axes={**dyn, "logits": {0: "batch_size", 1: "sequence_length"}})
    export_masked_fp32(model, masked, example_ids)
    dst = full.replace(".onnx", "_quantized.onnx")
    quantize.quantize_file(full, dst)
    int8_layout.int8_layout_file(dst, dst)
    # the service's graph ships pre-optimized (shorter session creation), with a decoder that can stop
    # at the label words (label_decoder.py); the standard graph stays as exported
    finish_masked_int8(masked, masked.replace(".onnx", "_quantized.onnx"))
    return full, masked


def write_check_cases(model, path, data=os.path.expanduser("~/.cache/cloze-edge/pretrain/data"), rows=16, seed=7):
    """Inputs + PyTorch reference (top-10 at masked positions) for tools/pretrain/check_onnx.mjs."""
    import numpy as np
    rng = np.random.default_rng(seed)
    ids = np.load(os.path.join(data, "eval_ids.npy")).astype(np.int64)
    offs = np.load(os.path.join(data, "eval_offsets.npy"))
    lines = [ids[offs[i]:offs[i + 1]][:60] for i in rng.choice(len(offs) - 1, rows, replace=False)]
    T = max(len(l) for l in lines) + 2
    M = 4
    inp = np.zeros((rows, T), np.int64)
    am = np.zeros((rows, T), np.int64)
    mp = np.zeros((rows, M), np.int64)
    nm = []
    for b, l in enumerate(lines):
        n = len(l)
        inp[b, 0], inp[b, 1:n + 1], inp[b, n + 1] = 101, l, 102
        am[b, :n + 2] = 1
        k = min(M, max(1, n // 5))
        pos = np.sort(rng.choice(np.arange(1, n + 1), k, replace=False))
        inp[b, pos] = 103
        mp[b, :k] = pos
        nm.append(k)
    model.eval()
    with torch.no_grad():
        lo = model(torch.from_numpy(inp), torch.from_numpy(am), torch.zeros_like(torch.from_numpy(inp)))
    ref = []
    for b in range(rows):
        for j in range(nm[b]):
            v, i = lo[b, mp[b, j]].topk(10)
            ref.append({"row": b, "slot": j, "pos": int(mp[b, j]), "ids": i.tolist(), "logits": v.tolist()})
    with open(path, "w") as f:
        json.dump({"input_ids": inp.tolist(), "attention_mask": am.tolist(), "mask_positions": mp.tolist(),
                   "num_masks": nm, "ref": ref}, f)


def write_eval_cases(path, data=os.path.expanduser("~/.cache/cloze-edge/pretrain/data"), seq=128):
    """The held-out MLM evaluation set of train.py (same rows, same fixed masks) as JSON for
    tools/pretrain/eval_onnx.mjs, so the exported ONNX files can be scored exactly like the checkpoint."""
    import numpy as np
    from bert_tokenizer import load_vocab
    from train import build_eval
    vocab = load_vocab(os.path.join(TOK_DIR, "vocab.txt"))
    is_cont = np.zeros(len(vocab), bool)
    for t, i in vocab.items():
        is_cont[i] = t.startswith("##")
    out = []
    for inp, am, pos, lab, _ in build_eval(data, is_cont, seq):
        L = inp.shape[1]
        rows = [[] for _ in range(inp.shape[0])]
        labs = [[] for _ in range(inp.shape[0])]
        for p, l in zip(pos.tolist(), lab.tolist()):
            rows[p // L].append(p % L)
            labs[p // L].append(l)
        out.append({"input_ids": inp.tolist(), "attention_mask": am.tolist(), "positions": rows, "labels": labs})
    with open(path, "w") as f:
        json.dump(out, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/run/latest.pt"))
    ap.add_argument("--npz", default=None, help="export fp16 weights written by train.py --export-npz (GPU runs) instead")
    ap.add_argument("--random", action="store_true", help="export an untrained model (plumbing only)")
    ap.add_argument("--out", default=os.path.join(HERE, "../../models/cloze-bert-mini"))
    ap.add_argument("--check-cases", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/check_cases.json"))
    args = ap.parse_args()
    if args.random:
        torch.manual_seed(0)
        cfg = Cfg()
        model = BertForMaskedLM(cfg)
    elif args.npz:
        from train import load_npz_weights
        with open(os.path.join(args.npz, "state.json")) as f:
            st = json.load(f)
        cfg = Cfg(**st["cfg"])
        model = BertForMaskedLM(cfg)
        model.load_state_dict(load_npz_weights(args.npz))
        print("weights state:", st["state"])
    else:
        c = torch.load(args.ckpt)
        cfg = Cfg(**c["cfg"])
        model = BertForMaskedLM(cfg)
        model.load_state_dict(c["model"])
        print("checkpoint state:", c["state"])
    os.makedirs(args.out, exist_ok=True)
    write_config(args.out, cfg)
    write_tokenizer(args.out)
    export_onnx(model, os.path.join(args.out, "onnx"))
    os.makedirs(os.path.dirname(args.check_cases), exist_ok=True)
    write_check_cases(model, args.check_cases)
    write_eval_cases(os.path.join(os.path.dirname(args.check_cases), "eval_cases.json"))
    for f in sorted(os.listdir(os.path.join(args.out, "onnx"))):
        p = os.path.join(args.out, "onnx", f)
        print(f"{p}: {os.path.getsize(p) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
