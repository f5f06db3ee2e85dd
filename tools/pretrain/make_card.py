"""Write models/cloze-bert-mini/MODEL_CARD.md from the run's logs (numbers are never typed by hand)."""
import argparse
import csv
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bert_tokenizer import BertTokenizer  # noqa: E402
from model import BertForMaskedLM, Cfg  # noqa: E402
from onnx_weights import state_dict_from_onnx  # noqa: E402
from train import CLS, MASK, SEP, _enc  # noqa: E402

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


def load_phases(logs):
    """Each logs/phaseN/ holds train.py's config.json, eval_log.csv and final_state.json.
    A phase started with --init-from carries the step/token/minute counters on; one started with
    --init-weights counts from 0, so its rows are shifted by everything trained before it."""
    phases, off = [], {"step": 0, "tokens": 0, "elapsed_s": 0.0, "masked": 0}
    for name in sorted(d for d in os.listdir(logs) if d.startswith("phase")):
        d = os.path.join(logs, name)
        pa = json.load(open(os.path.join(d, "config.json")))["args"]
        st = json.load(open(os.path.join(d, "final_state.json")))["state"]
        if phases and not pa.get("init_from"):
            off = dict(phases[-1]["total"])
        tokens = st["tokens"] - (st.get("phase_start") or {}).get("tokens", 0)  # this phase's own
        total = {k: off[k] + (st.get(k) or 0) for k in off}
        rows = [dict(r, phase=len(phases) + 1, step=int(r["step"] or 0) + off["step"],
                     tokens=int(r["tokens"]) + off["tokens"],
                     elapsed_min=float(r["elapsed_min"]) + off["elapsed_s"] / 60)
                for r in read_csv(os.path.join(d, "eval_log.csv"))]
        phases.append({"args": pa, "tokens": tokens, "total": total, "rows": rows})
    return phases


def main():
    ap = argparse.ArgumentParser()
    cache = os.path.expanduser("~/.cache/cloze-edge/pretrain")
    ap.add_argument("--logs", default=os.path.join(HERE, "logs"),
                    help="phase1/, phase2/, ... (copied from the run folders by run.sh) and compare/")
    ap.add_argument("--data", default=os.path.join(cache, "data_wn"), help="prepare_data.py output of the last phase")
    ap.add_argument("--model-dir", default=os.path.join(HERE, "../../models/cloze-bert-mini"))
    ap.add_argument("--onnx-notes", default=cache, help="folder with onnx_eval.txt / onnx_check.txt, if any")
    args = ap.parse_args()

    stats = json.load(open(os.path.join(args.data, "stats.json")))
    phases = load_phases(args.logs)
    targs, tot = phases[0]["args"], phases[-1]["total"]
    cache_dir = args.onnx_notes
    cfg = Cfg(**json.load(open(os.path.join(args.logs, "phase1", "config.json")))["cfg"])
    model = BertForMaskedLM(cfg)
    # the shipped fp32 graph holds the final weights exactly, so no checkpoint is needed here
    sd = state_dict_from_onnx(os.path.join(args.model_dir, "onnx", "model.onnx"))
    model.load_state_dict({k: torch.tensor(v) for k, v in sd.items()})
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

    L = []
    w = L.append
    w("# cloze-bert-mini\n")
    tw = sum(v["words"] for v in stats["files"].values())
    w(f"A small BERT masked language model pre-trained from scratch, offline, on ~{tw / 1e6:.1f}M words of openly "
      "available English text (a research corpus plus WordNet), for the cloze-edge service's zero-shot prompting (the default model). "
      "Same WordPiece vocabulary and token ids as `bert-base-uncased`; a standard Hugging Face `bert` "
      "model exported to ONNX (fp32 and int8).\n")
    w("## Architecture\n")
    w(f"- BERT (post-LN, as HF `BertForMaskedLM`), {cfg.num_hidden_layers} layers, hidden {cfg.hidden_size}, "
      f"{cfg.num_attention_heads} heads, FFN {cfg.intermediate_size}, max {cfg.max_position_embeddings} positions, "
      f"vocab {cfg.vocab_size} (bert-base-uncased WordPiece), input/output embeddings tied, GELU (erf).")
    w(f"- Parameters: {nparams:,} ({cfg.vocab_size * cfg.hidden_size:,} of them the word-embedding table).")
    w("- Files: " + ", ".join(f"`onnx/{k}` {v:.1f} MB" for k, v in sizes.items()) + ".")
    w("  `model.onnx` outputs `logits` [batch, seq, 30522]; `model_masked.onnx` takes an extra `mask_positions` "
      "[batch, num_masks] (int64, pad with 0) and runs the MLM head only there (logits [batch, num_masks, 30522]); "
      "`*_quantized.onnx` are int8 (uint8 weights, per-column weight scales, per-token activation scales, "
      "MatMulInteger; tied embedding table stored once).\n")
    w("## Training data\n")
    w("All of `../shared/data/corpus/*.txt.gz` (unlabelled text; no labelled task data, no test split), plus, "
      "from the phase that names it on, sentences rendered from WordNet 3.0 (`wordnet_text.py`, Debian "
      "`wordnet-base`: each synset's definition, its hypernym as \"a city is a type of municipality.\" / "
      "\"paris is a national capital.\", its synonyms and its usage examples). "
      f"1 % of the lines of every file (seed {stats['seed']}) are held out; the held-out evaluation below uses "
      "the corpus lines only, so every phase is scored on the same rows.\n")
    w("| file | lines | words | WordPiece tokens | held-out lines |")
    w("|---|---:|---:|---:|---:|")
    for k, v in stats["files"].items():
        w(f"| {k} | {v['lines']:,} | {v['words']:,} | {v['tokens']:,} | {v['eval_lines']:,} |")
    tt = sum(v["tokens"] for v in stats["files"].values())
    n_eval = stats["eval_lines"] + stats.get("eval_extra_lines", 0)
    w(f"| **total** | {stats['train_lines'] + n_eval:,} | {tw:,} | {tt:,} | {n_eval:,} |\n")
    w(f"Training split: {stats['train_tokens']:,} tokens in {stats['train_lines']:,} lines; "
      f"held-out corpus split: {stats['eval_tokens']:,} tokens in {stats['eval_lines']:,} lines.\n")
    w("Sources and licences (as described in `../shared/data/README.md`; research corpora distributed with "
      "NLTK data): Brown Corpus (Francis & Kučera 1979); movie-review polarity dataset v2.0 (Pang & Lee 2004; "
      "labels dropped); ABC (Australian Broadcasting Commission) rural and science news; US State of the Union "
      "and inaugural addresses (public domain); pros/cons and product-review sentences (Ganapathibhotla & Liu "
      "2008; Hu & Liu 2004; annotations removed); NLTK webtext; Wall Street Journal samples (Penn Treebank "
      "sample, CoNLL-2000); CoNLL-2003 English *train* split tokens with NER tags removed (Reuters RCV1 text, "
      "Tjong Kim Sang & De Meulder 2003); Book of Genesis, King James Version (public domain); WordNet 3.0 "
      "(Princeton University, WordNet 3.0 licence: use, copy, modify and distribute for any purpose without fee, "
      "keeping its copyright notice). The corpora are licensed for research use by their owners; check their "
      "terms before commercial redistribution of derived weights.\n")
    w("## Training\n")
    w("- Masked LM only, dynamic whole-word masking (each word p = 0.15; 80 % `[MASK]` / 10 % random / 10 % kept), "
      "fresh masks every batch, loss only on masked tokens (MLM head computed only on those rows).")
    w("- Rows: `[CLS]` + consecutive corpus lines up to the row length − 2 tokens + `[SEP]` (10 % single lines). "
      "Row length follows a schedule given as fraction of the phase's budget: length. In phase 1 the switch to "
      "64-token rows was made during the run, after held-out accuracy had stalled on a plateau where attention "
      "stayed near-uniform (no head attended to neighbouring tokens); shorter rows dilute uniform attention less "
      "and double the number of updates per token. Every phase ends on 128-token rows so all positions are trained.")
    w("- Word embeddings initialised from fastText skip-gram vectors (dim 256, char n-grams 3-5, 3 epochs) "
      "trained for ~6 minutes on the WordPiece-tokenised training split; every vocab row filled "
      "(unseen pieces from their n-grams), centred and normalised to std "
      f"{targs['emb_std']}.")
    w(f"- AdamW (β 0.9/0.98, ε 1e-6, weight decay {targs['wd']}), batch {targs['batch']} rows, grad-clip 1.0, "
      "no dropout, bf16 autocast with fp32 master weights, seed 42. Each phase warms the lr up linearly, then "
      "decays it linearly to 0 over its wall-clock budget:")
    for k, ph in enumerate(phases):
        pa = ph["args"]
        if k == 0:
            start = "fastText-initialised weights"
        elif pa.get("init_from"):
            start = f"phase {k}'s final checkpoint (weights, Adam moments and data order carried over)"
        else:
            start = f"phase {k}'s final weights (fresh optimiser and data order)"
        data = os.path.basename(os.path.normpath(pa["data"]))
        data = "corpus + WordNet (`data_wn`)" if data == "data_wn" else "corpus (`data`)"
        tokens = ph["tokens"]
        w(f"  - phase {k + 1}: from {start}, on {data}; {pa['max_minutes']:.0f} minutes, peak lr {pa['lr']}, "
          f"{pa['warmup']} warm-up steps, row lengths `{pa.get('seq_schedule') or pa['seq']}`; "
          f"{tokens / 1e6:.1f}M tokens.")
    why = ("  A second phase with the lr raised again (a warm restart) was cheaper than starting over: phase 1's "
           "held-out accuracy was still rising when its lr reached 0.")
    if len(phases) > 2:
        why += (" The corpus had then been seen ten times, so a third phase adds text instead: WordNet's "
                "definitions and hypernyms carry the world knowledge the corpus lacks (what Paris is, that a "
                "university is an institution) and the \"X is a type of Y\" pattern the NER prompt relies on.")
    w(why)
    w(f"- **Steps: {tot['step']:,}; training tokens seen: {tot['tokens']:,} "
      f"({tot['masked']:,} masked predictions); training wall time {tot['elapsed_s'] / 60:.0f} min** on 2 CPU "
      "cores (Debian python3-torch 1.13; phase 1 shared the cores with other work). The logs of every phase "
      "are in `tools/pretrain/logs/` (phases 1 and 2 recovered from this card's earlier revision after their "
      "checkpoints were lost with the machine, so their numbers are rounded as printed).\n")
    w("## Held-out evaluation (MLM)\n")
    w(f"On the {stats['eval_lines']:,} held-out lines ({stats['eval_tokens']:,} tokens), fixed whole-word masks:\n")
    w(f"- **top-1 accuracy {float(last['top1']) * 100:.1f} %**, **top-5 accuracy {float(last['top5']) * 100:.1f} %**, "
      f"MLM loss {float(last['eval_loss']):.3f} (perplexity {2.718281828 ** float(last['eval_loss']):.0f}).\n")
    oe = os.path.join(cache_dir, "onnx_eval.txt")
    if os.path.exists(oe):
        w("The shipped ONNX files scored on the same held-out rows and masks (`tools/pretrain/eval_onnx.mjs`, "
          "onnxruntime-node; the numbers above come from the PyTorch checkpoint under bf16 autocast):\n")
        for line in open(oe).read().strip().splitlines():
            w(f"- `{line.strip()}`")
        w("")
    ck_txt = os.path.join(cache_dir, "onnx_check.txt")
    if os.path.exists(ck_txt):
        w("Export check (`tools/pretrain/check_onnx.mjs`, 16 held-out rows):\n")
        for line in open(ck_txt).read().strip().splitlines():
            if not line.startswith(("inputs", "time")):
                w(f"- {line.strip()}")
        w("")
    import numpy as np
    from train import build_eval, evaluate
    is_cont = np.array([t.startswith("##") for t in tok.inv_vocab])
    w("Final checkpoint in fp32 on the same held-out lines packed into rows of different lengths "
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
      "catches up within minutes of each switch back to 128-token training rows):\n")
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
    w("### Fill-mask examples (fp32, top-5)\n")
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
    mins = [ph["args"]["max_minutes"] for ph in phases] + [0, 0]
    w("apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread fasttext wordnet-base")
    w(f"MAX_MINUTES={mins[0]:.0f} PHASE2_MINUTES={mins[1]:.0f} PHASE3_MINUTES={mins[2]:.0f} tools/pretrain/run.sh"
      f"   # ≈ {sum(mins):.0f} min training + ~10 min")
    w("```")
    w("`run.sh` pre-tokenises the corpus (and the WordNet text), trains the fastText vectors, trains each phase "
      "(resuming from `~/.cache/cloze-edge/pretrain/run*/latest.pt` if present), exports to this folder, copies "
      "the phases' logs to `tools/pretrain/logs/` and rewrites this card from them and from the exported "
      "`onnx/model.onnx`. Token counts depend on the CPU's speed because the budget is wall-clock time; fastText "
      "with 2 threads is not bit-reproducible. `tools/pretrain/README.md` documents the steps and the ONNX check "
      "(`check_onnx.mjs`).\n")
    w("## Limitations\n")
    w(f"- Tiny compute: {tot['tokens'] / 1e6:.0f}M training tokens on {tw / 1e6:.1f}M words of text, versus ~3.3B words "
      "× 40 epochs for BERT. It knows frequent words, syntax and some topical associations; it knows little world "
      "knowledge and rare words, and its zero-shot accuracy is far below bert-base-uncased's. Point the service at a "
      "Hub model for serious use.")
    w("- Domain: 1960s American prose, 1990s movie reviews, news (WSJ/Reuters/ABC), US political speeches, "
      "product reviews, WordNet definitions. English only, lowercased.")
    w("- Inherits the biases of its text (old-fashioned gender roles in the Brown corpus, US-centric news).")
    w("- Trained on sequences of ≤ 128 tokens; positions are limited to 128.")
    w("- int8 files differ slightly from fp32 (see `tools/pretrain/check_onnx.mjs` for the agreement check).\n")
    w("## Citations\n")
    w("Francis & Kučera (1979) Brown Corpus manual; Pang & Lee (2004) A Sentimental Education, ACL; "
      "Ganapathibhotla & Liu (2008) Mining Opinions in Comparative Sentences, COLING; Hu & Liu (2004) Mining and "
      "Summarizing Customer Reviews, KDD; Tjong Kim Sang & De Meulder (2003) CoNLL-2003 shared task; Bird, Klein & "
      "Loper (2009) NLTK; Devlin et al. (2019) BERT; Turc et al. (2019) Well-Read Students Learn Better (bert-mini "
      "shape); Bojanowski et al. (2017) fastText.")
    out = os.path.join(args.model_dir, "MODEL_CARD.md")
    with open(out, "w") as f:
        f.write("\n".join(L) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
