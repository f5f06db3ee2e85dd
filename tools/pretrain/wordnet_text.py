"""Render Debian's `wordnet-base` (WordNet 3.0, Princeton licence) as plain English lines
for masked-LM pre-training (`prepare_data.py --extra`).

Per synset it writes, lower-cased later by the tokenizer:
  * a definition line   "paris is the capital and largest city of france; ..."  (nouns)
                        "to run is to move fast by using one's feet"            (verbs)
                        "good means having desirable or positive qualities"     (adjectives, adverbs)
  * a hypernym line     "a city is a type of municipality."  /  "paris is a national capital."
  * each quoted usage example as its own sentence.
This is general lexical knowledge (what words mean, what kind of thing a name is), not labelled
task data. Output is deterministic (files read in a fixed order, no randomness).
"""
import argparse
import os
import re

POS_FILES = [("n", "data.noun"), ("v", "data.verb"), ("a", "data.adj"), ("r", "data.adv")]
DETERMINERS = ("a ", "an ", "the ", "any ", "one ", "some ", "someone ", "something ", "a(n) ")


def lemma_text(word):
    word = re.sub(r"\((a|p|ip)\)$", "", word)  # adjective position markers
    return word.replace("_", " ")


def article(phrase):
    p = phrase.lower()
    if p.startswith(("uni", "use", "usu", "ute", "uti", "eu", "one")):
        return "a"
    return "an" if p[:1] in "aeiou" or p.startswith(("hour", "honest", "honor")) else "a"


def parse(line):
    """-> (offset, lemmas, pointers[(symbol, offset)], gloss) of one data.* line."""
    data, _, gloss = line.partition(" | ")
    f = data.split()
    offset, nwords = f[0], int(f[3], 16)
    lemmas = [lemma_text(f[4 + 2 * i]) for i in range(nwords)]
    i = 4 + 2 * nwords
    nptr = int(f[i])
    ptrs = [(f[i + 1 + 4 * k], f[i + 2 + 4 * k]) for k in range(nptr)]
    return offset, lemmas, ptrs, gloss.strip()


def split_gloss(gloss):
    """WordNet glosses are 'definition; definition; "example"; "example"'."""
    examples = [e.strip() for e in re.findall(r'"([^"]+)"', gloss)]
    definition = re.sub(r'"[^"]*"', "", gloss)
    definition = "; ".join(p.strip() for p in definition.split(";") if p.strip())
    return definition, examples


def definition_line(pos, lemma, definition):
    if pos == "n":
        if definition.lower().startswith(DETERMINERS):
            return f"{lemma} is {definition}."
        return f"{lemma}: {definition}."
    if pos == "v":
        return f"to {lemma} is to {definition}."
    return f"{lemma} means {definition}."


def render(wordnet_dir):
    synsets = {}
    for pos, name in POS_FILES:
        with open(os.path.join(wordnet_dir, name), encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  "):  # licence header
                    continue
                off, lemmas, ptrs, gloss = parse(line)
                synsets[(pos, off)] = (lemmas, ptrs, gloss)
    for (pos, _), (lemmas, ptrs, gloss) in synsets.items():
        definition, examples = split_gloss(gloss)
        head = lemmas[0]
        if definition:
            yield definition_line(pos, head, definition)
        if pos == "n":
            for sym, target in ptrs:
                if sym not in ("@", "@i") or ("n", target) not in synsets:
                    continue
                hyper = synsets[("n", target)][0][0]
                if sym == "@i":
                    yield f"{head} is {article(hyper)} {hyper}."
                else:
                    yield f"{article(head)} {head} is a type of {hyper}."
                break
        if len(lemmas) > 1:
            others = ", ".join(lemmas[1:4])
            yield f"{head} is also called {others}." if pos == "n" else f"{head} is similar to {others}."
        for e in examples:
            yield e if e.endswith((".", "!", "?")) else e + "."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wordnet", default="/usr/share/wordnet", help="folder with data.noun etc. (apt-get install wordnet-base)")
    ap.add_argument("--out", required=True, help="plain-text output, one line per sentence")
    args = ap.parse_args()
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        for line in render(args.wordnet):
            f.write(line + "\n")
            n += 1
    print(f"{n:,} lines -> {args.out}", flush=True)


if __name__ == "__main__":
    main()
