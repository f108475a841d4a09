"""BERT-style text normalisation, pre-tokenisation and WordPiece, written to match the Hugging Face
`tokenizers` pipeline declared in tokenizer.json (BertNormalizer + BertPreTokenizer + WordPiece), so the ids
used in training are the ids the engine's JavaScript tokenizer produces at run time."""

import re
import unicodedata
from collections import Counter

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
URL_RE = re.compile(r"https?://\S+")


def strip_urls(text):
    # Links carry no sentiment and would cost a dozen word pieces each; the engine strips them the same way.
    return " ".join(URL_RE.sub(" ", text).split())


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def _is_whitespace(ch):
    if ch in " \t\n\r":
        return True
    return unicodedata.category(ch) == "Zs"


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese(cp):
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def normalize(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif _is_chinese(cp):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    text = "".join(out)
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.lower()


def pre_tokenize(text):
    words = []
    for chunk in text.split():
        current = ""
        for ch in chunk:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                    current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


def basic_words(text):
    return pre_tokenize(normalize(strip_urls(text)))


def build_vocab(texts, size, min_word_freq=2):
    """Whole words by frequency, every seen character (plain and ##), then the most frequent word-piece
    prefixes and ## suffixes of the remaining words, so greedy longest-match rarely falls back to [UNK]."""
    words = Counter()
    for t in texts:
        words.update(basic_words(t))
    chars = Counter()
    for w, c in words.items():
        for i, ch in enumerate(w):
            chars[ch if i == 0 else "##" + ch] += c
    vocab = list(SPECIALS)
    seen = set(vocab)

    def add(tok):
        if tok not in seen and len(vocab) < size:
            seen.add(tok)
            vocab.append(tok)

    for tok, c in chars.most_common():
        if c >= 2:
            add(tok)
            add(tok[2:] if tok.startswith("##") else "##" + tok)
    budget_words = int((size - len(vocab)) * 0.75)
    common = [w for w, c in words.most_common() if c >= min_word_freq]
    for w in common[:budget_words]:
        add(w)
    pieces = Counter()
    for w, c in words.items():
        if w in seen:
            continue
        for n in range(2, min(len(w), 8)):
            pieces[w[:n]] += c
            pieces["##" + w[-n:]] += c
    for p, _ in pieces.most_common():
        if len(vocab) >= size:
            break
        add(p)
    return vocab


class WordPiece:
    def __init__(self, vocab, max_chars=100):
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.max_chars = max_chars
        self.unk = self.vocab["[UNK]"]

    def word_ids(self, word):
        if len(word) > self.max_chars:
            return [self.unk]
        ids = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end]
                if start > 0:
                    piece = "##" + piece
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text, max_len):
        ids = [self.vocab["[CLS]"]]
        for w in basic_words(text):
            ids.extend(self.word_ids(w))
        ids = ids[: max_len - 1]
        ids.append(self.vocab["[SEP]"])
        return ids


def tokenizer_json(vocab, max_len):
    """A Hugging Face tokenizer.json for the same pipeline (truncation to max_len, [CLS] … [SEP])."""
    return {
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": max_len, "strategy": "LongestFirst", "stride": 0},
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, t in enumerate(SPECIALS)
        ],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [SPECIALS.index("[CLS]")], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [SPECIALS.index("[SEP]")], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(vocab)}},
    }
