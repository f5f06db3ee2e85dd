"""Pattern-exploiting self-training for train.py (--prompt-data): PET's loss on prompt rows whose
labels come from the model itself plus weak word-list labels, never from labelled task data.

Teacher (relabel): the current model answers every candidate row through its template; a class's
probability is the sum of its label words' probabilities at the mask, normalised over the task's
classes and divided by the task's mean answer over all rows (contextual calibration on the
unlabelled pool), then renormalised.
  mode "agree" (sentiment, topic): a row with a weak label keeps it unless the teacher gives that
      class < --drop-below; a row without one is kept with the teacher's answer only if it is
      >= --self-conf (self-training on the model's confident answers).
  mode "weak" (ner): rows keep their gazetteer label; rows without one are dropped.
Student loss: cross-entropy over the task's classes, where a class's log-probability is the
log-sum-exp of its label words' logits (= summed word probabilities, as the engine scores).
"""
import json

import numpy as np
import torch
import torch.nn.functional as F

CLS, SEP = 101, 102


class PromptSet:
    def __init__(self, path, rng, task_weights=None):
        d = np.load(path)
        self.ids, self.offs = d["ids"], d["offsets"]
        self.mask_pos, self.task, self.weak = d["mask_pos"], d["task"].astype(np.int64), d["weak"].astype(np.int64)
        self.tasks = json.loads(str(d["tasks"]))
        self.rng = rng
        w = dict((k, float(v)) for k, v in (x.split(":") for x in task_weights.split(","))) if task_weights else {}
        self.task_p = np.array([w.get(t["name"], 1.0) for t in self.tasks])
        self.task_p = self.task_p / self.task_p.sum()
        self.label = np.full(len(self.task), -1, np.int64)
        self.gen, self._pools = 0, {}
        self.word_mats = []
        for t in self.tasks:
            w = max(len(ws) for ws in t["words"])
            m = np.full((len(t["words"]), w), -1, np.int64)
            for c, ws in enumerate(t["words"]):
                m[c, :len(ws)] = ws
            self.word_mats.append(m)

    def __len__(self):
        return len(self.task)

    def batch(self, rows, device):
        lens = [int(self.offs[i + 1] - self.offs[i]) for i in rows]
        L = max(lens) + 2
        inp = np.zeros((len(rows), L), np.int64)
        am = np.zeros_like(inp)
        pos = np.zeros(len(rows), np.int64)
        for b, (i, n) in enumerate(zip(rows, lens)):
            inp[b, 0] = CLS
            inp[b, 1:n + 1] = self.ids[self.offs[i]:self.offs[i + 1]]
            inp[b, n + 1] = SEP
            am[b, :n + 2] = 1
            pos[b] = b * L + 1 + int(self.mask_pos[i])
        t = lambda a: torch.from_numpy(a).to(device, non_blocking=True)
        return t(inp), t(am), t(pos)

    def class_logits(self, model, rows, device, autocast):
        """-> [rows, classes] log-sum-exp of label-word logits (all rows of one task)."""
        inp, am, pos = self.batch(rows, device)
        with autocast():
            h = model.encode(inp, am, torch.zeros_like(inp))
            logits = model.head(h.reshape(-1, h.shape[-1])[pos]).float()
        m = torch.from_numpy(self.word_mats[int(self.task[rows[0]])]).to(device)
        wl = logits[:, m.clamp(min=0)]  # [B, C, W]
        wl = wl.masked_fill((m < 0)[None], float("-inf"))
        return torch.logsumexp(wl, dim=-1)

    @torch.no_grad()
    def relabel(self, model, device, autocast, drop_below=0.2, self_conf=0.9, batch=512):
        model.eval()
        stats = {}
        for t, spec in enumerate(self.tasks):
            idx = np.nonzero(self.task == t)[0]
            probs = []
            for k in range(0, len(idx), batch):
                probs.append(torch.softmax(self.class_logits(model, idx[k:k + batch], device, autocast), -1).cpu())
            p = torch.cat(probs).numpy()
            p = p / p.mean(0, keepdims=True)
            p = p / p.sum(1, keepdims=True)
            weak = self.weak[idx]
            lab = np.full(len(idx), -1, np.int64)
            has = weak >= 0
            if spec["mode"] == "agree":
                keep = has & (p[np.arange(len(idx)), np.maximum(weak, 0)] >= drop_below)
                lab[keep] = weak[keep]
                conf = ~has & (p.max(1) >= self_conf)
                lab[conf] = p.argmax(1)[conf]
            else:
                lab[has] = weak[has]
            self.label[idx] = lab
            self.gen += 1
            agree = float((p.argmax(1)[has] == weak[has]).mean()) if has.any() else 0.0
            stats[spec["name"]] = {"rows": int(len(idx)), "kept": int((lab >= 0).sum()),
                                   "per_class": np.bincount(lab[lab >= 0], minlength=len(spec["classes"])).tolist(),
                                   "teacher_agrees_with_weak": round(agree, 4)}
        model.train()
        return stats

    def sample(self, n):
        """n labelled rows, balanced over tasks and, within a task, over classes."""
        out = []
        for _ in range(n):
            t = int(self.rng.choice(len(self.tasks), p=self.task_p))
            c = int(self.rng.integers(len(self.tasks[t]["classes"])))
            pool = self._pool(t, c)
            if len(pool):
                out.append(int(pool[self.rng.integers(len(pool))]))
        return out

    def _pool(self, t, c):
        key = (t, c, self.gen)
        if key not in self._pools:
            self._pools = {k: v for k, v in self._pools.items() if k[2] == self.gen}
            self._pools[key] = np.nonzero((self.task == t) & (self.label == c))[0]
        return self._pools[key]

    def loss(self, model, rows, device, autocast):
        by_task = {}
        for r in rows:
            by_task.setdefault(int(self.task[r]), []).append(r)
        total, n = 0.0, 0
        for t, rs in by_task.items():
            rs = np.asarray(rs)
            cl = self.class_logits(model, rs, device, autocast)
            y = torch.from_numpy(self.label[rs]).to(device)
            total = total + F.cross_entropy(cl, y, reduction="sum")
            n += len(rs)
        return total / max(n, 1)
