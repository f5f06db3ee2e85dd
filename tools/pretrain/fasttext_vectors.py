"""Turn a fastText skip-gram model trained on the WordPiece-tokenised corpus into a
[vocab_size, dim] matrix aligned with vocab.txt (emb256.npy).

Every vocabulary row is queried with `fasttext print-word-vectors`: pieces seen in the
corpus get their own vector, unseen ones a vector composed from their character n-grams
(`##` pieces share the `<##` n-grams, so continuation pieces cluster together). Rows that
come back all-zero (no known n-gram) are left zero and get a random init in train.py.
"""
import argparse
import os
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared data folder (corpus, tokenizer, lexicons): run.sh --data sets it, else ../shared/data beside the repo
DATA_ROOT = os.environ.get("CLOZE_PRETRAIN_DATA") or os.path.join(HERE, "../../../shared/data")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/fasttext/wp256.bin"))
    ap.add_argument("--vocab", default=os.path.join(DATA_ROOT, "tokenizers/bert-base-uncased/vocab.txt"))
    ap.add_argument("--out", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/fasttext/emb256.npy"))
    args = ap.parse_args()
    vocab = [l.rstrip("\n") for l in open(args.vocab, encoding="utf-8")]
    res = subprocess.run(["fasttext", "print-word-vectors", args.model], input="\n".join(vocab) + "\n",
                         capture_output=True, text=True, check=True)
    lines = res.stdout.rstrip("\n").split("\n")
    assert len(lines) == len(vocab), (len(lines), len(vocab))
    dim = len(lines[0].split()) - 1
    out = np.zeros((len(vocab), dim), np.float32)
    for i, l in enumerate(lines):
        parts = l.rstrip().split(" ")
        out[i] = np.array(parts[-dim:], dtype=np.float32)
    np.save(args.out, out)
    print(f"{args.out}: {out.shape}, non-zero rows {(np.abs(out).sum(1) > 0).sum()}")


if __name__ == "__main__":
    main()
