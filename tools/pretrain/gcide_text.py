"""Render Debian's `dict-gcide` (GNU Collaborative International Dictionary of English:
Webster's 1913 plus additions, GPL) as plain English lines for masked-LM pre-training
(`prepare_data.py --extra`).

Each sense paragraph of an entry becomes one line "headword: definition." with the dictd
markup removed: pronunciations (\\...\\), etymologies ([L. ...]), source tags ([1913 Webster]),
domain labels ((Zool.)), cross-reference braces ({...}), attributions (--Bailey.) and sense
numbers. Usage quotations stay: they are real literary English. Deterministic output.
"""
import argparse
import gzip
import re

HEAD = re.compile(r"^([A-Za-z][A-Za-z '\-]*?)\s*\\[^\\]*\\,?\s*(.*)$")
BRACKET = re.compile(r"\[[^\]]*\]")
PAREN_LABEL = re.compile(r"\((?:[A-Z][a-z]*\.\s*)+(?:&\s*[A-Z][a-z]*\.\s*)*\)")
ATTRIB = re.compile(r"--\s*[A-Z][^.;]*\.?")
SENSE_NO = re.compile(r"^(\d+\.|\([a-z]\))\s*")
POS_ABBR = re.compile(r"^((?:n|v|a|adv|prep|conj|interj|pron|p\. p|p\. a|imp|pl|v\. t|v\. i|pr\. p|vb\. n)\.[;,]?\s*)+")


def clean(text):
    text = BRACKET.sub(" ", text)
    text = PAREN_LABEL.sub(" ", text)
    text = ATTRIB.sub(" ", text)
    text = text.replace("{", "").replace("}", "").replace("\\", " ")
    text = re.sub(r"\s+", " ", text).strip(" ;,")
    return text


def entries(lines):
    """Yields (headword, [paragraph, ...]) from the dictd body lines."""
    head, paras, cur = None, [], []
    for raw in lines:
        if raw and not raw[0].isspace():
            m = HEAD.match(raw)
            if m:
                if cur:
                    paras.append(" ".join(cur))
                if head:
                    yield head, paras
                head, paras, cur = m.group(1).strip(), [], []
                continue
        s = raw.strip()
        if not s:
            if cur:
                paras.append(" ".join(cur))
            cur = []
        elif head:
            cur.append(s)
    if cur:
        paras.append(" ".join(cur))
    if head:
        yield head, paras


def render(head, para):
    para = SENSE_NO.sub("", para)
    para = POS_ABBR.sub("", para)
    text = clean(para)
    if len(text.split()) < 3 or not re.search(r"[a-z]", text):
        return None
    if not text.endswith((".", "!", "?")):
        text += "."
    return f"{head.lower()}: {text}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dict", default="/usr/share/dictd/gcide.dict.dz")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    n = words = 0
    with gzip.open(args.dict, "rt", encoding="utf-8", errors="replace") as f, open(args.out, "w", encoding="utf-8") as out:
        body = (l.rstrip("\n") for l in f)
        for head, paras in entries(body):
            if head.startswith("00database"):
                continue
            for p in paras:
                line = render(head, p)
                if line:
                    out.write(line + "\n")
                    n += 1
                    words += len(line.split())
    print(f"gcide: {n} lines, {words} words -> {args.out}")


if __name__ == "__main__":
    main()
