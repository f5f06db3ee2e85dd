"""Pre-tokenise the pre-training corpus once into cached numpy arrays.

Reads every ../shared/data/corpus/*.txt.gz (one sentence/paragraph per line),
holds out 1 % of the lines (fixed seed) for evaluation, tokenises with the
bert-base-uncased WordPiece vocabulary and writes, under --out:
  train_ids.npy / eval_ids.npy      uint16 token ids, lines concatenated
  train_offsets.npy / eval_offsets.npy  int64 line start offsets (len = lines + 1)
  fasttext_train.txt                WordPiece tokens of the training lines (for fastText)
  stats.json                        line/word/token counts per file
With --extra FILE (plain text, one line each, e.g. from wordnet_text.py) those lines are added
after the corpus, so the corpus split and eval_* files stay exactly as without it; 1 % of
each extra file is held out too, into eval_extra_ids.npy / eval_extra_offsets.npy.
Nothing is written into the repository.
"""
import argparse
import glob
import gzip
import json
import os
import re
import time

import numpy as np

from bert_tokenizer import BertTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared data folder (corpus, tokenizer, lexicons): run.sh --data sets it, else ../shared/data beside the repo
DATA_ROOT = os.environ.get("CLOZE_PRETRAIN_DATA") or os.path.join(HERE, "../../../shared/data")


def normalise(line):
    # PTB-style quotes used by Brown/WSJ -> plain double quote
    line = line.replace("``", '"').replace("''", '"')
    line = re.sub(r"-LRB-", "(", line)
    line = re.sub(r"-RRB-", ")", line)
    return line.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(DATA_ROOT, "corpus"))
    ap.add_argument("--vocab", default=os.path.join(DATA_ROOT, "tokenizers/bert-base-uncased/vocab.txt"))
    ap.add_argument("--out", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/data"))
    ap.add_argument("--extra", action="append", default=[], help="extra plain-text file (repeatable)")
    ap.add_argument("--eval-frac", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tok = BertTokenizer(args.vocab)
    rng = np.random.default_rng(args.seed)
    files = sorted(glob.glob(os.path.join(args.corpus, "*.txt.gz")))
    assert files, "no corpus files found"
    split = {"train": ([], [0]), "eval": ([], [0]), "eval_extra": ([], [0])}
    stats = {"files": {}, "seed": args.seed, "eval_frac": args.eval_frac}
    t0 = time.time()
    ft = open(os.path.join(args.out, "fasttext_train.txt"), "w", encoding="utf-8")
    sources = [(p, False) for p in files] + [(p, True) for p in args.extra]
    for path, extra in sources:
        name = os.path.basename(path)
        with (open(path, encoding="utf-8") if extra else gzip.open(path, "rt", encoding="utf-8", errors="replace")) as f:
            lines = [normalise(l) for l in f]
        lines = [l for l in lines if l]
        is_eval = rng.random(len(lines)) < args.eval_frac
        fs = {"lines": len(lines), "words": 0, "tokens": 0, "eval_lines": int(is_eval.sum())}
        for line, ev in zip(lines, is_eval):
            fs["words"] += len(line.split())
            ids = tok.encode(line)
            if not ids:
                continue
            fs["tokens"] += len(ids)
            buf, offs = split[("eval_extra" if extra else "eval") if ev else "train"]
            buf.extend(ids)
            offs.append(len(buf))
            if not ev and not extra:
                ft.write(" ".join(tok.inv_vocab[i] for i in ids))
                ft.write("\n")
        stats["files"][name] = fs
        print(f"{name}: {fs} ({time.time() - t0:.0f}s)", flush=True)
    ft.close()
    for k, (buf, offs) in split.items():
        np.save(os.path.join(args.out, f"{k}_ids.npy"), np.asarray(buf, dtype=np.uint16))
        np.save(os.path.join(args.out, f"{k}_offsets.npy"), np.asarray(offs, dtype=np.int64))
        stats[f"{k}_lines"] = len(offs) - 1
        stats[f"{k}_tokens"] = len(buf)
    stats["words"] = sum(v["words"] for v in stats["files"].values())
    with open(os.path.join(args.out, "stats.json"), "w") as f:
        json.dump(stats, f, indent=1)
    print(json.dumps({k: v for k, v in stats.items() if k != "files"}), flush=True)


if __name__ == "__main__":
    main()
