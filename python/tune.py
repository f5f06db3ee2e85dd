"""`cloze-edge tune`'s training process (src/cli/commands/tune.ts starts it; not meant to be run by hand).

    python3 python/tune.py JOB.json

The job (written by the command) holds the prompt rows the engine asks for the examples, as
token ids, already split into `train` and `val` by example; the label words as vocabulary ids;
and the settings. This process fine-tunes the base model's weights on them (prompt tuning,
clozeedge/prompt_tuning.py), keeps the epoch with the best validation accuracy (a tie goes to
the later epoch) and stops after `patience` epochs without a better one; with `refit` it then
trains again from the base weights on train + val for that many epochs. With `max_seconds` it
starts no epoch that would end past its share of that budget. It writes an int8-only
model folder (clozeedge/export_int8.py) and prints one JSON object per line on stdout:

  {"event": "plan", "total": steps}            the progress bar's length (sent again when it changes)
  {"event": "step", "done": steps, "phase": "train" | "refit", "epoch": e, "loss": l}
  {"event": "epoch", "epoch": e, "val_accuracy": a, "val_loss": l, "best": bool}   (null a, l without validation)
  {"event": "export"}                           quantizing and writing the folder
  {"event": "done", ...}                        the summary (also written to OUT/tune.json)
"""
import copy
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# OpenMP threads that sleep instead of spinning while they wait: on a busy machine spinning
# threads wait for a descheduled peer and a step takes ten times the CPU
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

from clozeedge.export_int8 import write_int8_folder  # noqa: E402
from clozeedge.prompt_tuning import SpecialIds, batches, evaluate, load_model, optimizer, steps_per_epoch, train_step  # noqa: E402


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def rows_of(items):
    """Job rows [ids, mask, label, text_ids, example] -> (ids, mask, label, text_ids) tuples and example indices."""
    return [(r[0], r[1], r[2], r[3]) for r in items], [r[4] for r in items]


def run_epochs(model, rows, job, special, epochs, plan_epochs, phase, done, on_epoch=None, seed=0):
    """Trains `epochs` epochs with the learning-rate schedule of `plan_epochs` (warm-up, then linear
    decay to 0 at its end); `on_epoch(e)` may return False to stop."""
    rng = random.Random(seed)
    torch.manual_seed(seed)
    per = steps_per_epoch(rows, job["batch"])
    opt, sched = optimizer(model, job["lr"], plan_epochs * per)
    model.train()
    for epoch in range(1, epochs + 1):
        total = 0.0
        for batch in batches(rows, job["batch"], rng):
            total += train_step(model, opt, sched, batch, job["words"], special, job["mlm_weight"]) * len(batch)
            done += 1
            emit("step", done=done, phase=phase, epoch=epoch, loss=round(total / len(rows), 4))
        if on_epoch is not None and on_epoch(epoch) is False:
            break
    model.eval()
    return done


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    started = time.time()
    torch.set_num_threads(max(1, int(job.get("threads", 2))))
    s = job["special"]
    special = SpecialIds(s["cls"], s["sep"], s["mask"], s["pad"])
    cfg, base = load_model(job["base_model"])
    train, _ = rows_of(job["train"])
    val, val_examples = rows_of(job["val"])
    max_epochs, patience = job["epochs"], job["patience"]
    per = steps_per_epoch(train, job["batch"])
    emit("plan", total=max_epochs * per)

    model = copy.deepcopy(base) if job["refit"] else base
    best = {"epoch": 0, "val_accuracy": -1.0, "val_loss": float("inf"), "state": None}
    history = []

    budget = float(job.get("max_seconds") or 0)
    # a refit repeats the chosen epochs on more rows: the selection run gets a share of the budget
    share = 0.5 if job["refit"] and val else 1.0

    def out_of_time(epoch):
        """Whether another epoch (at the mean pace so far) would overrun the time budget, keeping ~1 min to export."""
        spent = time.time() - started
        return budget > 0 and spent + spent / epoch > budget * share - 60

    def on_epoch(epoch):
        if not val:
            emit("epoch", epoch=epoch, val_accuracy=None, val_loss=None, best=False)
            return not out_of_time(epoch)
        acc, loss = evaluate(model, val, job["words"], special, examples=val_examples)
        # validation accuracy decides, a tie going to the later epoch (on a few examples accuracy moves in
        # steps of several points, and the validation loss rises with confidence while accuracy still climbs)
        better = acc >= best["val_accuracy"]
        if better:
            best.update(epoch=epoch, val_accuracy=acc, val_loss=loss, state=None if job["refit"] else copy.deepcopy(model.state_dict()))
        history.append({"epoch": epoch, "val_accuracy": round(acc, 4), "val_loss": round(loss, 4)})
        emit("epoch", epoch=epoch, val_accuracy=acc, val_loss=loss, best=better)
        return epoch - best["epoch"] < patience and not out_of_time(epoch)

    done = run_epochs(model, train, job, special, max_epochs, max_epochs, "train", 0, on_epoch, job["seed"])
    epochs_run = len(history)
    if not val:
        best["epoch"] = epochs_run
    refit_rows = train + val
    if job["refit"] and val:
        # the whole example set, for the number of epochs validation chose
        emit("plan", total=done + best["epoch"] * steps_per_epoch(refit_rows, job["batch"]))
        model = base
        # the learning rate warms up and decays over those epochs (ends annealed, as without validation)
        done = run_epochs(model, refit_rows, job, special, best["epoch"], best["epoch"], "refit", done, None, job["seed"])
    elif best["state"] is not None:
        model.load_state_dict(best["state"])
    emit("export")
    write_int8_folder(model, cfg, job["base_model"], job["out"], job.get("node", "node"))
    summary = {
        "train_rows": len(train),
        "val_rows": len(val),
        "val_examples": len(set(val_examples)),
        "epochs_run": epochs_run,
        "best_epoch": best["epoch"],
        "val_accuracy": round(best["val_accuracy"], 4) if val else None,
        "refit": bool(job["refit"] and val),
        "history": history,
        "seconds": round(time.time() - started, 1),
        "cpu_seconds": round(time.process_time(), 1),
    }
    emit("done", **summary)


if __name__ == "__main__":
    main()
