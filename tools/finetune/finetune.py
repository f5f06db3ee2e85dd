"""PET-style prompt fine-tuning of the whole masked LM on a config's labelled examples.

    /usr/bin/python3 tools/finetune/finetune.py --config fitted.json --out models/tuned [--model models/cloze-bert-mini]

Reads a classify config (template with {text} and [MASK], verbalizer, `examples`), starts from
the weights of `<model>/onnx/model.onnx`, or of the int8 `model_quantized.onnx` dequantized when
the folder has no fp32 graph (tools/pretrain/onnx_weights.py), and trains:

  loss = cross-entropy over classes at the mask (class logit = logsumexp of its label words'
         logits, the engine's `sum` aggregation) + mlm_weight * MLM on the example texts
         (15 % of their tokens masked), so fill-mask keeps working.

It exports the tuned model in the layout CLOZE_MODEL loads (tools/pretrain/export.py:
config, tokenizer, fp32 + int8 ONNX, full and masked-head graphs) and records what it was
tuned on in `<out>/finetune.json`. Label words of several sub-tokens are scored by their
first piece here (the engine scores them over consecutive masks).

NER configs (and, optionally, classify ones) train on the engine's own prompts, written by
tools/finetune/prompt-rows.ts and passed as `--rows`: for NER every candidate span the fit
step and recognize() ask about in the example sentences, "{text} {span} is a [MASK].", labelled
with its gold type or the "none" class (`options.none_words`), classes weighted equally (the
none rows dominate), as the fit step weighs them.
"""
import argparse
import hashlib
import json
import math
import os
import random
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../pretrain"))
sys.path.insert(0, os.path.join(HERE, "../../python"))
from clozeedge.bert_tokenizer import BertTokenizer  # noqa: E402
from clozeedge.prompt_tuning import SpecialIds, batches, load_model, optimizer, train_step  # noqa: E402
from export import export_onnx, write_config, write_tokenizer  # noqa: E402

CLS, SEP, MASK, PAD = "[CLS]", "[SEP]", "[MASK]", "[PAD]"


def render(tok, template, text, max_len):
    """[CLS] template with {text} and one [MASK] [SEP]; only the text is shortened."""
    before, after = template.split("{text}") if "{text}" in template else ("", template)
    parts = []
    for piece, is_text in ((before, False), (text, True), (after, False)):
        if is_text:
            parts.append(("text", tok.encode(piece)))
            continue
        for j, lit in enumerate(piece.split("[MASK]")):
            if j > 0:
                parts.append(("mask", [tok.vocab[MASK]]))
            parts.append(("lit", tok.encode(lit)))
    fixed = 2 + sum(len(ids) for kind, ids in parts if kind != "text")
    ids = [tok.vocab[CLS]]
    for kind, p in parts:
        ids.extend(p[: max(1, max_len - fixed)] if kind == "text" else p)
    ids.append(tok.vocab[SEP])
    return ids, ids.index(tok.vocab[MASK])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True, help="classify config JSON with examples (e.g. from `eval --save-configs`)")
    ap.add_argument("--model", default=os.path.join(HERE, "../../models/cloze-bert-mini"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--mlm-weight", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rows", help="prompt rows from tools/finetune/prompt-rows.ts (required for NER configs)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    with open(args.config) as f:
        config = json.load(f)
    if config.get("task") not in ("classify", "ner") or not config.get("examples"):
        sys.exit("finetune: the config must be a classify or NER config with examples")
    if config["task"] == "ner" and not args.rows:
        sys.exit("finetune: an NER config needs --rows (npx tsx tools/finetune/prompt-rows.ts CONFIG OUT)")
    cfg, model = load_model(args.model)
    tok = BertTokenizer(os.path.join(args.model, "vocab.txt"))
    rows = []
    if args.rows:
        with open(args.rows) as f:
            prompts = json.load(f)
        labels, words = prompts["labels"], prompts["words"]
        texts = [t[: cfg.max_position_embeddings - 2] for t in prompts["texts"]]
        # MLM on the example texts, cycled over the prompt rows (NER has several rows per text)
        for i, r in enumerate(prompts["rows"]):
            rows.append((r["ids"], r["mask"], r["label"], texts[i % len(texts)]))
    else:
        labels = list(config["verbalizer"].keys())
        words = [[tok.encode(w)[0] for w in config["verbalizer"][l]] for l in labels]
        for ex in config["examples"]:
            ids, pos = render(tok, config["template"], ex["text"], cfg.max_position_embeddings)
            rows.append((ids, pos, labels.index(ex["label"]), tok.encode(ex["text"])[: cfg.max_position_embeddings - 2]))
    # Classes weigh the same whatever their number of rows (NER's "none" rows dominate)
    counts = [sum(1 for r in rows if r[2] == c) for c in range(len(labels))]
    class_weight = torch.tensor([len(rows) / (len(labels) * n) if n else 0.0 for n in counts]) if config["task"] == "ner" else None
    opt, sched = optimizer(model, args.lr, args.epochs * math.ceil(len(rows) / args.batch))
    special = SpecialIds(tok.vocab[CLS], tok.vocab[SEP], tok.vocab[MASK], tok.vocab[PAD])
    started = time.time()
    model.train()
    for epoch in range(args.epochs):
        total = 0.0
        for batch in batches(rows, args.batch, rng):
            total += train_step(model, opt, sched, batch, words, special, args.mlm_weight, class_weight) * len(batch)
        print(f"epoch {epoch + 1}/{args.epochs}: loss {total / len(rows):.4f} ({time.time() - started:.0f} s)", flush=True)
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    write_config(args.out, cfg)
    write_tokenizer(args.out)
    export_onnx(model, os.path.join(args.out, "onnx"))
    examples = json.dumps(config["examples"], sort_keys=True).encode()
    record = {
        "base_model": os.path.abspath(args.model),
        "config": args.config,
        "task": config["task"],
        "template": config["template"],
        "verbalizer": config["verbalizer"] if config["task"] == "classify" else {**config["types"], "__none__": config["options"]["none_words"]},
        "rows": len(rows),
        "examples": len(config["examples"]),
        "examples_sha256": hashlib.sha256(examples).hexdigest(),
        "epochs": args.epochs, "lr": args.lr, "batch": args.batch, "mlm_weight": args.mlm_weight, "seed": args.seed,
        "seconds": round(time.time() - started, 1),
    }
    with open(os.path.join(args.out, "finetune.json"), "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out} ({record['seconds']} s)")


if __name__ == "__main__":
    main()
