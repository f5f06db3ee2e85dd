"""How far a linear head on the model's [MASK] vector can go on the classify dev sets, and what
few-shot heads started at the zero-shot answer reach on the project's draws.

    npx tsx tools/finetune/ceiling-rows.ts --out /tmp/ceil
    /usr/bin/python3 tools/finetune/ceiling.py --rows /tmp/ceil [--model models/cloze-bert-mini] [--json out.json] [--md out.md]

ceiling-rows.ts writes, per dev set, the engine's own prompts for the held-apart test rows and
the training pool (tools/eval/sampling.ts splitHeldApart), the few-shot draws (drawPerClass) and
the engine's zero-shot answers. This tool loads the model as finetune.py does (weights recovered
from the shipped int8 ONNX), takes at each prompt's mask the 256-d vector the MLM decoder reads
(the last layer's hidden state after the head's dense + GELU + LayerNorm) and measures, on the
test rows:

  zero-shot  the preset's class scores (logsumexp of its label words' logits, the engine's `sum`
             aggregation), calibrated on the content-free prompts when the preset calibrates;
             printed beside the engine's accuracy, with how often the two answer alike;
  ceiling    multinomial logistic regression (L2) on the mask vector, trained on the whole pool,
             λ by 5-fold CV accuracy on the pool; and the same on [vector, log Z] (Z the
             vocabulary's normalizer), which spans every linear head on the vocabulary's
             log-probabilities (log p_v = E_v·h + b_v - log Z);
  few-shot   zero-shot class scores plus a linear residual on the mask vector (L2 toward 0, so
             λ = ∞ is the zero-shot answer), trained on each draw's examples, λ by 8-fold CV
             log-loss on those examples alone; mean ± sd over the draws.

Progress goes to stderr, the Markdown table (with the targets: +5 points at 16 shots, +10 at 64
over zero-shot) to stdout. About 5 minutes for sst2 and agnews on 2 cores (the model on
`--threads`, the heads on one).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

# Run as a script, this folder is on the path; importing finetune puts tools/pretrain there too.
from finetune import load_model
from model import gelu

HERE = os.path.dirname(os.path.abspath(__file__))

CEILING_LAMBDAS = [1e-4, 1e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0]
FEWSHOT_LAMBDAS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0, math.inf]
CEILING_FOLDS, FEWSHOT_FOLDS = 5, 8
TARGETS = {16: 5.0, 64: 10.0}  # points over zero-shot


def log(msg):
    print(msg, file=sys.stderr, flush=True)


@torch.no_grad()
def mask_vectors(model, rows, batch=64):
    """[n, H] decoder inputs at each row's mask, plus [n] log Z over the vocabulary."""
    order = np.argsort([len(r["ids"]) for r in rows])  # similar lengths share a batch: less padding
    vecs = torch.zeros(len(rows), model.cfg.hidden_size)
    log_z = torch.zeros(len(rows))
    t = model.cls.predictions.transform
    decoder, bias = model.bert.embeddings.word_embeddings.weight, model.cls.predictions.bias
    for s in range(0, len(rows), batch):
        idx = order[s:s + batch]
        width = max(len(rows[i]["ids"]) for i in idx)
        ids = torch.zeros(len(idx), width, dtype=torch.long)
        att = torch.zeros(len(idx), width, dtype=torch.long)
        for b, i in enumerate(idx):
            ids[b, :len(rows[i]["ids"])] = torch.tensor(rows[i]["ids"])
            att[b, :len(rows[i]["ids"])] = 1
        pos = torch.tensor([[rows[i]["mask"]] for i in idx])
        h = model.encode(ids, att, torch.zeros_like(ids), pos)[:, 0]
        v = t.LayerNorm(gelu(t.dense(h)))  # what model.head feeds its tied decoder
        vecs[idx] = v
        log_z[idx] = torch.logsumexp(F.linear(v, decoder, bias), 1)
    return vecs.double(), log_z.double()


def class_scores(vecs, decoder, bias, words):
    """Zero-shot class log-scores: logsumexp of the class's label-word logits (log Z cancels)."""
    return torch.stack([torch.logsumexp(vecs @ decoder[w].T + bias[w], 1) for w in words], 1)


def fit(X, y, classes, lam, base=None, iters=300):
    """Multinomial logistic regression, mean cross-entropy + lam * ||W||^2, by L-BFGS.
    Plain (base None): logits X W^T + b, the bias unpenalised. Residual: logits base + X W^T + b,
    W and b both pulled toward 0, so lam = inf returns the base itself."""
    W, b = torch.zeros(classes, X.shape[1], dtype=X.dtype), torch.zeros(classes, dtype=X.dtype)
    if math.isinf(lam):
        return W, b
    W.requires_grad_(True)
    b.requires_grad_(True)
    opt = torch.optim.LBFGS([W, b], max_iter=iters, tolerance_grad=1e-9, tolerance_change=1e-12, history_size=20, line_search_fn="strong_wolfe")

    def loss_fn():
        opt.zero_grad()
        loss = F.cross_entropy(logits(X, W, b, base), y) + lam * (W ** 2).sum()
        if base is not None:
            loss = loss + lam * (b ** 2).sum()
        loss.backward()
        return loss

    opt.step(loss_fn)
    return W.detach(), b.detach()


def logits(X, W, b, base=None):
    z = X @ W.T + b
    return z if base is None else z + base


def stratified_folds(y, k):
    """Fold index per row, each class dealt round-robin over the folds in a seeded shuffle."""
    rng = np.random.default_rng(0)
    fold = np.zeros(len(y), int)
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % k
    return torch.as_tensor(fold)


def cross_validate(X, y, classes, lam, k, base=None, iters=300):
    """(accuracy, mean log-loss) of held-out folds."""
    fold = stratified_folds(y.numpy(), k)
    correct, nll = 0.0, 0.0
    for f in range(k):
        tr, va = fold != f, fold == f
        W, b = fit(X[tr], y[tr], classes, lam, None if base is None else base[tr], iters)
        z = logits(X[va], W, b, None if base is None else base[va])
        correct += float((z.argmax(1) == y[va]).sum())
        nll += float(F.cross_entropy(z, y[va], reduction="sum"))
    return correct / len(y), nll / len(y)


def accuracy(z, y):
    return float((z.argmax(1) == y).double().mean())


def ceiling(Xpool, ypool, Xtest, ytest, classes):
    """Plain logistic regression on the standardised features of the whole pool; λ by CV
    accuracy on the pool (ties: the larger λ)."""
    mu, sd = Xpool.mean(0), Xpool.std(0) + 1e-8
    Xpool, Xtest = (Xpool - mu) / sd, (Xtest - mu) / sd
    cv = {lam: cross_validate(Xpool, ypool, classes, lam, CEILING_FOLDS, iters=500)[0] for lam in CEILING_LAMBDAS}
    lam = max(CEILING_LAMBDAS, key=lambda l: (cv[l], l))
    W, b = fit(Xpool, ypool, classes, lam, iters=1000)
    return {"acc": accuracy(logits(Xtest, W, b), ytest), "lambda": lam, "cv_acc": cv[lam]}


def fewshot(X, y, base, Xtest, base_test, ytest, classes):
    """Zero-shot + residual head on one draw; λ by CV log-loss on the draw (ties: the larger λ)."""
    cv = {lam: cross_validate(X, y, classes, lam, FEWSHOT_FOLDS, base)[1] for lam in FEWSHOT_LAMBDAS}
    lam = min(FEWSHOT_LAMBDAS, key=lambda l: (cv[l], -l))
    W, b = fit(X, y, classes, lam, base)
    return {"acc": accuracy(logits(Xtest, W, b, base_test), ytest), "lambda": lam}


def features(d, model):
    """Mask vectors, log Z, labels and calibrated zero-shot class scores of one dumped dev set."""
    started = time.time()
    Vte, Zte = mask_vectors(model, d["test"])
    Vpool, Zpool = mask_vectors(model, d["pool"])
    decoder = model.bert.embeddings.word_embeddings.weight.detach().double()
    bias = model.cls.predictions.bias.detach().double()
    log_prior = torch.zeros(len(d["labels"]), dtype=torch.float64)
    if d["contentFree"]:  # contextual calibration, as the engine: divide by the content-free mean
        log_prior = torch.softmax(class_scores(mask_vectors(model, d["contentFree"])[0], decoder, bias, d["words"]), 1).mean(0).log()
    log(f"[{d['name']}] mask vectors of {len(d['test'])} test rows and a pool of {len(d['pool'])} ({time.time() - started:.0f} s)")
    return {
        "Vte": Vte, "Zte": Zte, "Vpool": Vpool, "Zpool": Zpool,
        "Ste": class_scores(Vte, decoder, bias, d["words"]) - log_prior,
        "Spool": class_scores(Vpool, decoder, bias, d["words"]) - log_prior,
        "yte": torch.tensor([r["label"] for r in d["test"]]),
        "ypool": torch.tensor([r["label"] for r in d["pool"]]),
    }


def measure(d, f):
    """Every measure of one dev set, from its dump `d` and its features `f`."""
    started = time.time()
    name, classes = d["name"], len(d["labels"])
    Vte, Vpool, Ste, yte, ypool = f["Vte"], f["Vpool"], f["Ste"], f["yte"], f["ypool"]
    engine = torch.tensor(d["engine"], dtype=torch.float64)
    r = {
        "name": name, "preset": d["preset"], "test_rows": len(yte), "pool": len(ypool),
        "engine_zero_shot": accuracy(engine, yte),
        "zero_shot": accuracy(Ste, yte),
        "agree_engine": float((Ste.argmax(1) == engine.argmax(1)).double().mean()),
        "max_prob_diff_engine": float((torch.softmax(Ste, 1) - engine).abs().max()),
    }
    log(f"[{name}] zero-shot {r['zero_shot']:.4f} (engine {r['engine_zero_shot']:.4f}, same answer on {r['agree_engine']:.3f})")
    t = time.time()
    r["ceiling"] = {**ceiling(Vpool, ypool, Vte, yte, classes), "secs": round(time.time() - t)}
    log(f"[{name}] ceiling on the mask vector {r['ceiling']['acc']:.4f} (λ {r['ceiling']['lambda']}, {r['ceiling']['secs']} s)")
    t = time.time()
    with_z = [torch.cat([V, Z[:, None]], 1) for V, Z in ((Vpool, f["Zpool"]), (Vte, f["Zte"]))]
    r["ceiling_vocab"] = {**ceiling(with_z[0], ypool, with_z[1], yte, classes), "secs": round(time.time() - t)}
    log(f"[{name}] ceiling on [vector, log Z] {r['ceiling_vocab']['acc']:.4f} (λ {r['ceiling_vocab']['lambda']}, {r['ceiling_vocab']['secs']} s)")
    r["fewshot"] = {}
    for key, idx in d["draws"].items():
        t = time.time()
        idx = torch.tensor(idx)
        run = fewshot(Vpool[idx], ypool[idx], f["Spool"][idx], Vte, Ste, yte, classes)
        r["fewshot"][key] = {**run, "secs": round(time.time() - t, 1)}
        log(f"[{name}] draw {key}: {run['acc']:.4f} (λ {run['lambda']}, {time.time() - t:.0f} s)")
    r["secs"] = round(time.time() - started)
    return r


def pct(x):
    return f"{100 * x:.1f}"


def fewshot_cell(r, k):
    """Mean ± sd over the k-shot draws, the gain over the zero-shot answer the heads start from,
    and the λ each draw's CV chose."""
    runs = [v for key, v in r["fewshot"].items() if int(key.split("-")[0]) == k]
    accs = np.array([v["acc"] for v in runs])
    sd = accs.std(ddof=1) if len(accs) > 1 else 0.0
    lams = ", ".join(str(v["lambda"]) for v in runs)
    return f"{pct(accs.mean())} ± {pct(sd)} (Δ {100 * (accs.mean() - r['zero_shot']):+.1f}; λ {lams})"


def table(results):
    """Markdown table, one column per dev set."""
    def row(label, cell):
        return f"| {label} | " + " | ".join(cell(r) for r in results) + " |"

    def ceiling_cell(m):
        return f"{pct(m['acc'])} (λ {m['lambda']}, CV {pct(m['cv_acc'])})"

    shots = sorted({int(key.split("-")[0]) for key in results[0]["fewshot"]})
    draws = len(results[0]["fewshot"]) // len(shots)
    targets = [k for k in shots if k in TARGETS]
    return "\n".join([
        row("", lambda r: f"{r['name']} ({r['preset']}, {r['test_rows']} test, pool {r['pool']})"),
        "|---|" + "---|" * len(results),
        row("zero-shot, engine (int8 ONNX)", lambda r: pct(r["engine_zero_shot"])),
        row("zero-shot, this tool (torch)", lambda r: f"{pct(r['zero_shot'])} (same answer on {pct(r['agree_engine'])} %)"),
        row("ceiling: LR on the mask vector, whole pool", lambda r: ceiling_cell(r["ceiling"])),
        row("ceiling: LR on [vector, log Z] (spans LR on vocabulary log-probs)", lambda r: ceiling_cell(r["ceiling_vocab"])),
        *(row(f"{k}-shot: zero-shot + residual head, {draws} draws (Δ over this tool's zero-shot)", lambda r, k=k: fewshot_cell(r, k)) for k in shots),
        row("targets (" + ", ".join(f"+{TARGETS[k]:.0f} @{k}" for k in targets) + " over engine zero-shot)",
            lambda r: " / ".join(f"{100 * r['engine_zero_shot'] + TARGETS[k]:.1f}" for k in targets)),
    ]) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", required=True, help="folder written by tools/finetune/ceiling-rows.ts")
    ap.add_argument("--model", default=os.path.join(HERE, "../../models/cloze-bert-mini"))
    ap.add_argument("--json", help="write every measure (per draw too) here")
    ap.add_argument("--md", help="write the Markdown table here")
    ap.add_argument("--threads", type=int, default=2, help="for the model's forward passes; the heads run on one")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    _, model = load_model(args.model)
    model.eval()
    dumps = []
    for file in sorted(f for f in os.listdir(args.rows) if f.endswith(".json")):
        with open(os.path.join(args.rows, file)) as f:
            dumps.append(json.load(f))
    feats = [features(d, model) for d in dumps]
    # The heads' L-BFGS steps are small: a second thread mostly waits, and on a busy machine
    # waits so long that one thread is several times faster.
    torch.set_num_threads(1)
    results = [measure(d, f) for d, f in zip(dumps, feats)]
    md = table(results)
    print(md, end="")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
            f.write("\n")
    if args.md:
        with open(args.md, "w") as f:
            f.write(md)


if __name__ == "__main__":
    main()
