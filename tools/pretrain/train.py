"""Masked-LM pre-training of a small BERT on the pre-tokenised corpus (CPU, or a CUDA GPU when present).

- dynamic whole-word masking (15 % of words; 80/10/10 per token), fresh masks every batch
- MLM head computed only on the masked rows
- AdamW, linear warm-up (steps) then linear decay to 0 over a wall-clock budget (--max-minutes)
- held-out MLM loss / top-1 / top-5 on the fixed 1 % held-out lines, logged to eval_log.csv
- checkpoints (latest.pt) every --ckpt-every-min minutes; resumes from latest.pt automatically
- --prompt-data: pattern-exploiting self-training mixed into every step (prompt_train.py)
- --device auto uses a CUDA GPU when present (bf16 autocast there too); --workers N prepares MLM
  batches in N processes so the GPU is not starved; --export-npz writes fp16 weights at each checkpoint
Everything is written under --out (default ~/.cache/cloze-edge/pretrain/run).
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared data folder (corpus, tokenizer, lexicons): run.sh --data sets it, else ../shared/data beside the repo
DATA_ROOT = os.environ.get("CLOZE_PRETRAIN_DATA") or os.path.join(HERE, "../../../shared/data")
sys.path.insert(0, HERE)
from bert_tokenizer import BertTokenizer  # noqa: E402
from model import BertForMaskedLM, Cfg  # noqa: E402
from prompt_train import PromptSet  # noqa: E402

CLS, SEP, MASK, PAD = 101, 102, 103, 0
FIRST_REAL = 999  # ids below are [PAD]/[unused*]/specials
PROBES = [
    "i really like the film a lot. it was [MASK].",
    "this movie makes me very disgusting. it was [MASK].",
    "the capital of france is [MASK].",
    "john went to [MASK] to visit the university.",
    "the stock market [MASK] sharply on monday.",
]


def utcnow():
    return dt.datetime.now(dt.timezone.utc)


class Batcher:
    def __init__(self, ids, offsets, is_cont, seq, rng, short_prob=0.1, mask_prob=0.15, vocab_size=30522,
                 pad_to=None, bucket=0):
        self.pad_to, self.bucket = pad_to, bucket
        self.ids, self.offs = ids, offsets
        self.nlines = len(offsets) - 1
        self.is_cont = is_cont
        self.seq, self.rng, self.short_prob, self.mask_prob = seq, rng, short_prob, mask_prob
        self.V = vocab_size

    def row_span(self, i, short):
        start = self.offs[i]
        cap = start + self.seq - 2
        if short:
            return start, min(self.offs[i + 1], cap)
        j = np.searchsorted(self.offs, cap, side="right") - 1
        end = self.offs[j] if j > i else cap
        return start, min(end, self.offs[-1])

    def mask_row(self, x):
        rng = self.rng
        n = len(x)
        start = ~self.is_cont[x]
        start[0] = True
        wid = np.cumsum(start) - 1
        nw = wid[-1] + 1
        mw = rng.random(nw) < self.mask_prob
        if not mw.any():
            mw[rng.integers(nw)] = True
        m = mw[wid]
        labels = x[m].copy()
        r = rng.random(n)
        inp = x.copy()
        inp[m & (r < 0.8)] = MASK
        rnd = m & (r >= 0.8) & (r < 0.9)
        inp[rnd] = rng.integers(FIRST_REAL, self.V, rnd.sum())
        return inp, m, labels

    def make(self, spans):
        rows = []
        for s, e in spans:
            x = self.ids[s:e].astype(np.int64)
            inp, m, lab = self.mask_row(x)
            rows.append((inp, m, lab))
        L = self.pad_to or (max(len(r[0]) for r in rows) + 2)
        B = len(rows)
        inp = np.zeros((B, L), np.int64)
        am = np.zeros((B, L), np.int64)
        pos, labels = [], []
        for b, (x, m, lab) in enumerate(rows):
            n = len(x)
            inp[b, 0] = CLS
            inp[b, 1:n + 1] = x
            inp[b, n + 1] = SEP
            am[b, :n + 2] = 1
            pos.append(b * L + 1 + np.nonzero(m)[0])
            labels.append(lab)
        if self.bucket:
            # pad the number of masked rows to a multiple of `bucket` (label -100 = ignored) so the
            # head's matmul shapes repeat and oneDNN's kernel cache hits
            k = sum(len(p) for p in pos)
            extra = (-k) % self.bucket
            pos.append(np.zeros(extra, np.int64))
            labels.append(np.full(extra, -100, np.int64))
        return (torch.from_numpy(inp), torch.from_numpy(am), torch.from_numpy(np.concatenate(pos)),
                torch.from_numpy(np.concatenate(labels)), int(am.sum()))

    def random_batch(self, B):
        spans = []
        for _ in range(B):
            i = int(self.rng.integers(self.nlines))
            spans.append(self.row_span(i, self.rng.random() < self.short_prob))
        return self.make(spans)

    def sequential_spans(self):
        i, spans = 0, []
        while i < self.nlines:
            s, e = self.row_span(i, False)
            spans.append((s, e))
            i = max(i + 1, int(np.searchsorted(self.offs, e, side="right") - 1))
        return spans


def build_eval(data, is_cont, seq, seed=999, rows_per_batch=64):
    ids = np.load(os.path.join(data, "eval_ids.npy"))
    offs = np.load(os.path.join(data, "eval_offsets.npy"))
    b = Batcher(ids, offs, is_cont, seq, np.random.default_rng(seed))
    spans = b.sequential_spans()
    return [b.make(spans[k:k + rows_per_batch]) for k in range(0, len(spans), rows_per_batch)]


def autocast_for(device, bf16):
    return lambda: torch.autocast(device.type, dtype=torch.bfloat16, enabled=bool(bf16))


def to_dev(batch, device):
    inp, am, pos, lab, ntok = batch
    return (inp.to(device, non_blocking=True), am.to(device, non_blocking=True), pos.to(device, non_blocking=True),
            lab.to(device, non_blocking=True), ntok)


class BatchStream(torch.utils.data.IterableDataset):
    """MLM batches made in DataLoader worker processes (GPU runs); each worker has its own rng."""

    def __init__(self, batcher, batch, seed):
        self.batcher, self.batch, self.seed = batcher, batch, seed

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        self.batcher.rng = np.random.default_rng([self.seed, info.id if info else 0])
        while True:
            yield self.batcher.random_batch(self.batch)


@torch.no_grad()
def evaluate(model, batches, bf16, device=torch.device("cpu")):
    model.eval()
    tot, n, c1, c5 = 0.0, 0, 0, 0
    for batch in batches:
        inp, am, pos, lab, _ = to_dev(batch, device)
        with autocast_for(device, bf16)():
            h = model.encode(inp, am, torch.zeros_like(inp))
            logits = model.head(h.reshape(-1, h.shape[-1])[pos]).float()
        tot += F.cross_entropy(logits, lab, reduction="sum").item()
        top5 = logits.topk(5, dim=-1).indices
        c1 += (top5[:, 0] == lab).sum().item()
        c5 += (top5 == lab[:, None]).any(-1).sum().item()
        n += len(lab)
    model.train()
    return tot / n, c1 / n, c5 / n


@torch.no_grad()
def probe(model, tok, bf16, device=torch.device("cpu")):
    model.eval()
    out = []
    for s in PROBES:
        ids = [CLS] + _enc(tok, s) + [SEP]
        x = torch.tensor([ids], device=device)
        with autocast_for(device, bf16)():
            lo = model(x, torch.ones_like(x), torch.zeros_like(x)).float()
        p = ids.index(MASK)
        top = lo[0, p].topk(5).indices.tolist()
        out.append(s + " -> " + " ".join(tok.inv_vocab[i] for i in top))
    model.train()
    return out


def _enc(tok, s):
    ids = []
    pieces = s.split("[MASK]")
    for k, part in enumerate(pieces):
        ids.extend(tok.encode(part))
        if k < len(pieces) - 1:
            ids.append(MASK)
    return ids


def save_npz_weights(sd, folder, meta):
    """fp16 copies of a state dict in parts of < 15 MB (what the GPU machine may send back) plus
    state.json (meta + the part count): the --export-npz layout that load_npz_weights reads."""
    os.makedirs(folder, exist_ok=True)
    parts, cur, size = [], {}, 0
    for k, v in sd.items():
        a = np.asarray(v.detach().float().cpu().numpy() if torch.is_tensor(v) else v, dtype=np.float16)
        if size + a.nbytes > 14_000_000 and cur:
            parts.append(cur)
            cur, size = {}, 0
        cur[k] = a
        size += a.nbytes
    parts.append(cur)
    for i, part in enumerate(parts):
        np.savez(os.path.join(folder, f"weights_part{i}.npz"), **part)
    with open(os.path.join(folder, "state.json"), "w") as f:
        json.dump({**meta, "parts": len(parts)}, f)


def load_npz_weights(folder):
    n = json.load(open(os.path.join(folder, "state.json")))["parts"]
    sd = {}
    for i in range(n):
        with np.load(os.path.join(folder, f"weights_part{i}.npz")) as part:
            sd.update({k: torch.from_numpy(part[k].astype(np.float32)) for k in part.files})
    return sd


def init_embeddings(model, path, std, seed):
    vec = np.load(path).astype(np.float64)
    found = np.abs(vec).sum(1) > 0
    found[[PAD, CLS, SEP, MASK, 100]] = False
    v = vec[found]
    v = v - v.mean(0, keepdims=True)
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    H = v.shape[1]
    v = v * std * math.sqrt(H)
    w = model.bert.embeddings.word_embeddings.weight
    assert w.shape[1] == H, "fastText dim must equal hidden size"
    with torch.no_grad():
        w[torch.from_numpy(found)] = torch.from_numpy(v).float()
        w[torch.from_numpy(~found)] = torch.randn(int((~found).sum()), H,
                                                  generator=torch.Generator().manual_seed(seed)) * std
        w[PAD].zero_()
    return int(found.sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/data"))
    ap.add_argument("--out", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/run"))
    ap.add_argument("--vocab", default=os.path.join(DATA_ROOT, "tokenizers/bert-base-uncased/vocab.txt"))
    ap.add_argument("--init-emb", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/fasttext/emb256.npy"))
    ap.add_argument("--emb-std", type=float, default=0.04)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=1024)
    ap.add_argument("--max-pos", type=int, default=128)
    ap.add_argument("--seq", type=int, default=128, help="max row length (positions); eval always uses this")
    ap.add_argument("--seq-schedule", default=None,
                    help="training row length by fraction of the budget, e.g. '0:128,0.235:64,0.8:128' "
                         "(short rows dilute attention less, which helps escape the uniform-attention plateau)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--wd", type=float, default=0.01)
    budget = ap.add_mutually_exclusive_group(required=True)
    budget.add_argument("--max-steps", type=int, help="the phase's optimiser steps (lr decays to 0 over them): reproducible "
                                                      "on any machine; tools/pretrain/phases/*.json give each phase's")
    budget.add_argument("--max-minutes", type=float, help="a wall-clock budget instead (lr decays to 0 over it): the "
                                                          "steps then depend on the machine's speed")
    ap.add_argument("--init-from", default=None,
                    help="start a new phase from this checkpoint (weights, optimiser moments, data rng and "
                         "counters carry over; warm-up, lr decay and --seq-schedule restart over the phase's budget)")
    ap.add_argument("--init-weights", default=None,
                    help="start from these weights only (a train.py checkpoint or an exported fp32 model.onnx); "
                         "optimiser, data rng and counters start fresh")
    ap.add_argument("--stop-at", default=None, help="hard UTC stop time, ISO format, e.g. 2026-11-29T08:50")
    ap.add_argument("--eval-every-min", type=float, default=5.0)
    ap.add_argument("--ckpt-every-min", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bf16", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--device", default="auto", help="auto (cuda when available), cpu or cuda")
    ap.add_argument("--workers", type=int, default=0, help="processes preparing MLM batches (needs one row length)")
    ap.add_argument("--prompt-data", default=None, help="prompt_data.py output: PET self-training rows")
    ap.add_argument("--prompt-batch", type=int, default=0, help="prompt rows per step (0: batch // 4)")
    ap.add_argument("--prompt-weight", type=float, default=1.0)
    ap.add_argument("--relabel-at", default="0,0.5", help="fractions of the budget at which the model relabels")
    ap.add_argument("--task-weights", default=None, help="prompt rows per task, e.g. 'sentiment:0.4,topic:0.2,ner:0.4'")
    ap.add_argument("--export-npz", default=None, help="write fp16 weights (split in <15 MB parts) here at each save")
    args = ap.parse_args()
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          ("cpu" if args.device == "auto" else args.device))
    autocast = autocast_for(device, args.bf16)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    tok = BertTokenizer(args.vocab)
    V = len(tok.inv_vocab)
    is_cont = np.array([t.startswith("##") for t in tok.inv_vocab])
    cfg = Cfg(vocab_size=V, hidden_size=args.hidden, num_hidden_layers=args.layers, num_attention_heads=args.heads,
              intermediate_size=args.ffn, max_position_embeddings=args.max_pos)
    model = BertForMaskedLM(cfg).to(device)
    nparams = sum(p.numel() for p in model.parameters())
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (no_decay if (p.ndim < 2 or "LayerNorm" in n or "position" in n or "token_type" in n) else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-6)
    rng = np.random.default_rng(args.seed)
    state = {"step": 0, "elapsed_s": 0.0, "tokens": 0, "masked": 0}
    ck = os.path.join(args.out, "latest.pt")
    def restore(path):
        c = torch.load(path, map_location=device, weights_only=False)
        assert c["cfg"] == cfg.to_dict(), f"{path} holds another architecture"
        model.load_state_dict(c["model"])
        opt.load_state_dict(c["opt"])
        rng.bit_generator.state = c["rng"]
        torch.set_rng_state(c["torch_rng"].cpu())
        return dict(c["state"])

    if os.path.exists(ck):
        state = restore(ck)
        print(f"resumed from {ck}: {state}", flush=True)
    else:
        if args.init_from:
            state = restore(args.init_from)
            state["phase_start"] = {"step": state["step"], "elapsed_s": state["elapsed_s"], "tokens": state["tokens"]}
            print(f"new phase from {args.init_from}: {state}", flush=True)
        elif args.init_weights:
            if args.init_weights.endswith(".onnx"):
                from onnx_weights import state_dict_from_onnx
                sd = {k: torch.tensor(v) for k, v in state_dict_from_onnx(args.init_weights).items()}
            elif os.path.isdir(args.init_weights):  # --export-npz output: fp16 parts
                sd = load_npz_weights(args.init_weights)
            else:
                sd = torch.load(args.init_weights, map_location=device, weights_only=False)["model"]
            model.load_state_dict(sd)
            print(f"initialised all weights from {args.init_weights}", flush=True)
        elif args.init_emb and os.path.exists(args.init_emb):
            nf = init_embeddings(model, args.init_emb, args.emb_std, args.seed)
            print(f"initialised {nf} word-embedding rows from {args.init_emb}", flush=True)
        else:
            print("random word-embedding init", flush=True)
        with open(os.path.join(args.out, "config.json"), "w") as f:
            json.dump({"cfg": cfg.to_dict(), "args": vars(args), "params": nparams,
                       "device": torch.cuda.get_device_name() if device.type == "cuda" else "cpu"}, f, indent=1)
    print(f"params {nparams:,}", flush=True)

    train_ids = np.load(os.path.join(args.data, "train_ids.npy"))
    train_offs = np.load(os.path.join(args.data, "train_offsets.npy"))
    batcher = Batcher(train_ids, train_offs, is_cont, args.seq, rng, vocab_size=V, pad_to=args.seq, bucket=32)
    eval_batches = build_eval(args.data, is_cont, args.seq)
    stream = None
    if args.workers:
        assert not args.seq_schedule or len(args.seq_schedule.split(",")) == 1, "--workers needs one row length"
        stream = iter(torch.utils.data.DataLoader(BatchStream(batcher, args.batch, args.seed + state["step"]),
                                                  batch_size=None, num_workers=args.workers, prefetch_factor=8,
                                                  persistent_workers=True, pin_memory=device.type == "cuda"))
    pset = PromptSet(args.prompt_data, rng, args.task_weights) if args.prompt_data else None
    prompt_batch = args.prompt_batch or args.batch // 4
    relabel_at = sorted(float(x) for x in args.relabel_at.split(",")) if pset else []
    budget_s = args.max_minutes * 60 if args.max_minutes is not None else None
    sched = [(0.0, args.seq)]
    if args.seq_schedule:
        sched = sorted((float(a), int(b)) for a, b in (x.split(":") for x in args.seq_schedule.split(",")))
    stop_at = None
    if args.stop_at:
        stop_at = dt.datetime.fromisoformat(args.stop_at).replace(tzinfo=dt.timezone.utc)

    def export_npz():
        if args.export_npz:
            save_npz_weights(model.state_dict(), args.export_npz, {"state": state, "cfg": cfg.to_dict()})

    def save():
        export_npz()
        tmp = ck + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state, "rng": rng.bit_generator.state,
                    "torch_rng": torch.get_rng_state(), "cfg": cfg.to_dict(), "args": vars(args)}, tmp)
        os.replace(tmp, ck)

    tlog_path = os.path.join(args.out, "train_log.csv")
    elog_path = os.path.join(args.out, "eval_log.csv")
    new_t, new_e = not os.path.exists(tlog_path), not os.path.exists(elog_path)
    tlog = open(tlog_path, "a", newline="")
    elog = open(elog_path, "a", newline="")
    tw, ew = csv.writer(tlog), csv.writer(elog)
    if new_t:
        tw.writerow(["utc", "step", "elapsed_min", "tokens", "lr", "loss", "tok_per_s"])
    if new_e:
        ew.writerow(["utc", "step", "elapsed_min", "tokens", "eval_loss", "top1", "top5"])

    def do_eval():
        t0 = time.time()
        l, a1, a5 = evaluate(model, eval_batches, bool(args.bf16), device)
        ew.writerow([utcnow().isoformat(timespec="seconds"), state["step"], round(state["elapsed_s"] / 60, 2),
                     state["tokens"], round(l, 4), round(a1, 4), round(a5, 4)])
        elog.flush()
        print(f"EVAL step {state['step']} tokens {state['tokens']:,} loss {l:.4f} top1 {a1:.4f} top5 {a5:.4f} "
              f"({time.time() - t0:.0f}s)", flush=True)
        for line in probe(model, tok, bool(args.bf16), device):
            print("   ", line, flush=True)
        return time.time() - t0

    phase = state.get("phase_start", {"step": 0, "elapsed_s": 0.0})
    if state["step"] == phase["step"]:
        do_eval()
    last_eval = last_ck = state["elapsed_s"]
    seg_start = time.time()
    seg_elapsed0 = state["elapsed_s"]
    run_loss, run_n, tok_window, t_window = 0.0, 0, 0, time.time()
    model.train()
    while True:
        state["elapsed_s"] = seg_elapsed0 + (time.time() - seg_start)
        phase_s = state["elapsed_s"] - phase["elapsed_s"]
        # progress through the phase's budget drives the lr decay, the row-length schedule and relabelling
        frac = phase_s / budget_s if budget_s is not None else (state["step"] - phase["step"]) / args.max_steps
        if frac >= 1.0 or (stop_at and utcnow() >= stop_at):
            break
        if relabel_at and frac >= relabel_at[0]:
            relabel_at.pop(0)
            t0 = time.time()
            st = pset.relabel(model, device, autocast)
            print(f"RELABEL at {frac:.3f} ({time.time() - t0:.0f}s): {json.dumps(st)}", flush=True)
            with open(os.path.join(args.out, "relabel_log.jsonl"), "a") as f:
                f.write(json.dumps({"frac": round(frac, 3), "step": state["step"], "stats": st}) + "\n")
        lr = args.lr * min(1.0, (state["step"] - phase["step"] + 1) / args.warmup) * max(0.0, 1.0 - frac)
        for g in opt.param_groups:
            g["lr"] = lr
        seq = [q for f0, q in sched if f0 <= frac][-1]
        if seq != batcher.seq:
            print(f"row length -> {seq} at {frac:.3f} of the budget", flush=True)
            batcher.seq = batcher.pad_to = seq
        inp, am, pos, lab, ntok = to_dev(next(stream) if stream is not None else batcher.random_batch(args.batch), device)
        with autocast():
            h = model.encode(inp, am, torch.zeros_like(inp))
            logits = model.head(h.reshape(-1, h.shape[-1])[pos])
        loss = F.cross_entropy(logits.float(), lab)
        if pset is not None and pset.gen:
            loss = loss + args.prompt_weight * pset.loss(model, pset.sample(prompt_batch), device, autocast)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        state["step"] += 1
        state["tokens"] += ntok
        state["masked"] += int((lab >= 0).sum())
        run_loss += loss.item()
        run_n += 1
        tok_window += ntok
        if state["step"] % args.log_every == 0:
            now = time.time()
            tps = tok_window / (now - t_window)
            tw.writerow([utcnow().isoformat(timespec="seconds"), state["step"], round(state["elapsed_s"] / 60, 2),
                         state["tokens"], f"{lr:.3g}", round(run_loss / run_n, 4), round(tps)])
            tlog.flush()
            print(f"step {state['step']} min {state['elapsed_s'] / 60:.1f} tokens {state['tokens']:,} lr {lr:.2e} "
                  f"loss {run_loss / run_n:.4f} tok/s {tps:.0f}", flush=True)
            run_loss, run_n, tok_window, t_window = 0.0, 0, 0, now
        if state["elapsed_s"] - last_eval >= args.eval_every_min * 60:
            do_eval()
            last_eval = state["elapsed_s"]
        if state["elapsed_s"] - last_ck >= args.ckpt_every_min * 60:
            save()
            last_ck = state["elapsed_s"]
    save()
    do_eval()
    with open(os.path.join(args.out, "final_state.json"), "w") as f:
        json.dump({"state": state, "params": nparams, "finished_utc": utcnow().isoformat(timespec="seconds")}, f)
    print(f"DONE {state}", flush=True)


if __name__ == "__main__":
    main()
