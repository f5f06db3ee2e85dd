"""Minimal, faithful re-implementation of the BERT uncased tokenizer
(BasicTokenizer + WordpieceTokenizer of google-research/bert and HF's BertTokenizer,
with do_lower_case=True, strip_accents=True, tokenize_chinese_chars=True).

Pure Python, no dependencies; memoised per basic token, so a whole corpus
tokenises in a couple of minutes.
"""
import unicodedata


def load_vocab(path):
    vocab = {}
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            tok = line.rstrip("\n")
            vocab[tok] = i
    return vocab


def _is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def _is_punctuation(ch):
    cp = ord(ch)
    if (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126):
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese_char(cp):
    return ((0x4E00 <= cp <= 0x9FFF) or (0x3400 <= cp <= 0x4DBF) or (0x20000 <= cp <= 0x2A6DF)
            or (0x2A700 <= cp <= 0x2B73F) or (0x2B740 <= cp <= 0x2B81F) or (0x2B820 <= cp <= 0x2CEAF)
            or (0xF900 <= cp <= 0xFAFF) or (0x2F800 <= cp <= 0x2FA1F))


class BertTokenizer:
    def __init__(self, vocab_path, max_input_chars_per_word=100):
        self.vocab = load_vocab(vocab_path)
        self.inv_vocab = [None] * len(self.vocab)
        for t, i in self.vocab.items():
            self.inv_vocab[i] = t
        self.unk_id = self.vocab["[UNK]"]
        self.max_chars = max_input_chars_per_word
        self._cache = {}

    # ---- basic tokenizer -------------------------------------------------
    def _clean(self, text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or _is_control(ch):
                continue
            if _is_whitespace(ch):
                out.append(" ")
            elif _is_chinese_char(cp):
                out.append(" " + ch + " ")
            else:
                out.append(ch)
        return "".join(out)

    @staticmethod
    def _strip_accents(text):
        text = unicodedata.normalize("NFD", text)
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")

    @staticmethod
    def _split_punc(token):
        out, cur = [], []
        for ch in token:
            if _is_punctuation(ch):
                if cur:
                    out.append("".join(cur))
                    cur = []
                out.append(ch)
            else:
                cur.append(ch)
        if cur:
            out.append("".join(cur))
        return out

    def basic_tokenize(self, text):
        if not text.isascii():
            text = self._clean(text)
        else:
            # fast path: ASCII control chars and tabs
            if any(ord(c) < 32 or ord(c) == 127 for c in text):
                text = self._clean(text)
        words = []
        for tok in text.split():
            tok = tok.lower()
            if not tok.isascii():
                tok = self._strip_accents(tok)
            if tok.isalnum():
                words.append(tok)
            else:
                words.extend(self._split_punc(tok))
        return words

    # ---- wordpiece ---------------------------------------------------------
    def _wordpiece(self, word):
        ids = self._cache.get(word)
        if ids is not None:
            return ids
        if len(word) > self.max_chars:
            ids = [self.unk_id]
        else:
            ids = []
            start, n = 0, len(word)
            while start < n:
                end = n
                cur = None
                while start < end:
                    sub = word[start:end]
                    if start > 0:
                        sub = "##" + sub
                    i = self.vocab.get(sub)
                    if i is not None:
                        cur = i
                        break
                    end -= 1
                if cur is None:
                    ids = [self.unk_id]
                    break
                ids.append(cur)
                start = end
        self._cache[word] = ids
        return ids

    def encode_words(self, text):
        """Returns list of per-word id lists (for whole-word masking)."""
        return [self._wordpiece(w) for w in self.basic_tokenize(text)]

    def encode(self, text):
        out = []
        for w in self.basic_tokenize(text):
            out.extend(self._wordpiece(w))
        return out

    def decode_tokens(self, ids):
        return [self.inv_vocab[i] for i in ids]
