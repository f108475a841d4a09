"""The network: GloVe-initialised word embeddings, a bidirectional LSTM that gives each word its context, a
transformer encoder block (self-attention and feed-forward) over those states, and max + mean pooling into a
linear classifier.

Why the recurrent front: on 9,543 labelled headlines a transformer alone (GloVe embeddings, learned positions,
two blocks) reached macro-F1 0.72 on the held-out split, the same embeddings through the LSTM 0.77–0.78. The LSTM
supplies word order without position embeddings that would have to be learned from that little data."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    """A post-norm transformer encoder block; `bias` is 0 for real tokens and −10,000 for padding."""

    def __init__(self, d, heads, ff, drop):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, ff)
        self.ff2 = nn.Linear(ff, d)
        self.ln2 = nn.LayerNorm(d)
        self.drop = nn.Dropout(drop)

    def forward(self, x, bias):
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(x).view(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d // h) + bias
        att = self.drop(att.softmax(-1))
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = self.ln1(x + self.drop(self.out(y)))
        return self.ln2(x + self.drop(self.ff2(self.drop(F.gelu(self.ff1(x))))))


def reverse_within_length(x, lengths):
    """Each row of x [batch, time, dim] reversed over its first `lengths` steps, padding left in place.

    The backward LSTM reads this, so its state at a word never depends on how much padding a batch added:
    a headline gets the same label alone or in any micro-batch. The permutation is its own inverse."""
    t = torch.arange(x.shape[1], device=x.device).unsqueeze(0)
    n = lengths.unsqueeze(1)
    index = torch.where(t < n, n - 1 - t, t)
    return torch.gather(x, 1, index.unsqueeze(-1).expand(-1, -1, x.shape[2]))


class SentimentModel(nn.Module):
    def __init__(self, embeddings, hidden, layers, heads, ff, drop, block_drop, classes):
        super().__init__()
        self.emb = nn.Embedding.from_pretrained(embeddings, freeze=False, padding_idx=0)
        dim = embeddings.shape[1]
        self.forward_rnn = nn.LSTM(dim, hidden, batch_first=True)
        self.backward_rnn = nn.LSTM(dim, hidden, batch_first=True)
        self.blocks = nn.ModuleList([Block(2 * hidden, heads, ff, block_drop) for _ in range(layers)])
        self.drop = nn.Dropout(drop)
        self.head = nn.Linear(4 * hidden, classes)

    def forward(self, input_ids, attention_mask):
        x = self.drop(self.emb(input_ids))
        lengths = attention_mask.sum(1)
        ahead, _ = self.forward_rnn(x)
        behind, _ = self.backward_rnn(reverse_within_length(x, lengths))
        h = torch.cat([ahead, reverse_within_length(behind, lengths)], -1)
        m = attention_mask.unsqueeze(-1).float()
        bias = (1.0 - m.transpose(1, 2).unsqueeze(1)) * -10000.0
        for block in self.blocks:
            h = block(h, bias)
        largest = (h - 10000.0 * (1.0 - m)).max(1).values
        mean = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.drop(torch.cat([largest, mean], -1)))
