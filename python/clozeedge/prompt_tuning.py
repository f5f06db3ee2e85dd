"""PET-style prompt fine-tuning of the whole masked LM (shared by python/tune.py, the product's
`cloze-edge tune`, and tools/finetune/finetune.py, the research tool).

A row is one prompt as the engine asks it: token ids with [CLS]/[SEP], the position of its
[MASK], its class, and the token ids of its example text (for the MLM term). The loss is

  cross-entropy over classes at the mask (class logit = logsumexp of its label words' logits,
  the engine's `sum` aggregation; several-piece words by their first piece)
  + mlm_weight * MLM on the example texts (15 % of their tokens masked), so fill-mask keeps working.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

from .model import BertForMaskedLM, Cfg
from .onnx_weights import state_dict_from_onnx

GRAPHS = ("model.onnx", "model_quantized.onnx", "model_masked_quantized.onnx")


def load_model(folder):
    """The BertForMaskedLM of a model folder: from its fp32 graph when it has one, else from an
    int8 graph dequantized (the shipped models carry int8 graphs only)."""
    with open(os.path.join(folder, "config.json")) as f:
        conf = json.load(f)
    keys = Cfg().to_dict().keys()
    cfg = Cfg(**{k: v for k, v in conf.items() if k in keys and k not in ("hidden_dropout_prob", "attention_probs_dropout_prob")})
    model = BertForMaskedLM(cfg)
    graph = next((p for p in (os.path.join(folder, "onnx", f) for f in GRAPHS) if os.path.exists(p)), None)
    if graph is None:
        raise FileNotFoundError(f"{folder}/onnx has none of {', '.join(GRAPHS)}")
    sd = {k: torch.tensor(v) for k, v in state_dict_from_onnx(graph).items()}
    model.load_state_dict(sd)
    return cfg, model


def pad(seqs, pad_id):
    n = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), n), pad_id, dtype=torch.long)
    att = torch.zeros((len(seqs), n), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        att[i, :len(s)] = 1
    return ids, att


def batches(rows, size, rng):
    rows = rows[:]
    rng.shuffle(rows)
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class SpecialIds:
    def __init__(self, cls, sep, mask, pad):
        self.cls, self.sep, self.mask, self.pad = cls, sep, mask, pad


def class_logits(model, ids, att, masks, words):
    h = model.encode(ids, att, torch.zeros_like(ids))
    logits = model.head(h[torch.arange(len(masks)), torch.tensor(masks)])
    return torch.stack([torch.logsumexp(logits[:, w], dim=-1) for w in words], dim=-1)


def train_step(model, opt, sched, batch, words, special, mlm_weight=0.5, class_weight=None):
    """One optimizer step on rows (ids, mask, label, text_ids); returns the loss."""
    ids, att = pad([r[0] for r in batch], special.pad)
    cls = class_logits(model, ids, att, [r[1] for r in batch], words)
    loss = F.cross_entropy(cls, torch.tensor([r[2] for r in batch]), weight=class_weight)
    if mlm_weight > 0:
        seqs = [[special.cls] + r[3] + [special.sep] for r in batch]
        mids, matt = pad(seqs, special.pad)
        target = torch.full_like(mids, -100)
        pick = (torch.rand(mids.shape) < 0.15) & (matt == 1) & (mids != special.cls) & (mids != special.sep)
        target[pick] = mids[pick]
        mids = mids.masked_fill(pick, special.mask)
        if pick.any():
            # MLM head only at the masked tokens (the head over the whole vocabulary is most of the cost)
            hm = model.encode(mids, matt, torch.zeros_like(mids))[pick]
            loss = loss + mlm_weight * F.cross_entropy(model.head(hm), target[pick])
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    sched.step()
    return loss.item()


def optimizer(model, lr, steps):
    """AdamW, linear warm-up over the first tenth of `steps`, then linear decay to 0 at `steps`."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    return opt, sched


def steps_per_epoch(rows, batch):
    return math.ceil(len(rows) / batch)


@torch.no_grad()
def evaluate(model, rows, words, special, batch=32, examples=None):
    """Accuracy and mean cross-entropy over rows; with `examples` (row -> example index), class
    log-probabilities of an example's rows (several templates) are averaged first, as the engine's
    ensemble does."""
    was = model.training
    model.eval()
    logp = []
    for i in range(0, len(rows), batch):
        part = rows[i:i + batch]
        ids, att = pad([r[0] for r in part], special.pad)
        logp.append(torch.log_softmax(class_logits(model, ids, att, [r[1] for r in part], words), dim=-1))
    model.train(was)
    logp = torch.cat(logp)
    gold = torch.tensor([r[2] for r in rows])
    if examples is not None:
        n = max(examples) + 1
        idx = torch.tensor(examples)
        summed = torch.zeros(n, logp.shape[1]).index_add_(0, idx, logp)
        counts = torch.zeros(n).index_add_(0, idx, torch.ones(len(rows)))
        logp = torch.log_softmax(summed / counts[:, None], dim=-1)
        gold = torch.zeros(n, dtype=torch.long).index_copy_(0, idx, gold)
    accuracy = (logp.argmax(-1) == gold).float().mean().item()
    loss = F.nll_loss(logp, gold).item()
    return accuracy, loss
