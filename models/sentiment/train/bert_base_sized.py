"""Writes an untrained BERT-base-sized sequence classifier (12 transformer blocks, width 768, 12 heads, feed-forward
3,072, about 120 M parameters, seeded random weights) as a model directory the engine can load, with the shipped
tokenizer. Its labels are meaningless: it exists to measure what a FinBERT-sized model costs on the CPU and on a
CUDA card (`npm run bench -- sentiment-throughput`), without downloading one.

  /usr/bin/python3 models/sentiment/train/bert_base_sized.py --out /tmp/bert-base-sized
  SENTIMENT_MODEL_DIR=/tmp/bert-base-sized npm run bench -- sentiment-throughput"""

import argparse
import json
import os
import shutil

import torch
import torch.nn as nn

from model import Block

HERE = os.path.dirname(os.path.abspath(__file__))
SHIPPED = os.path.join(HERE, "..")
LABELS = ["Bearish", "Bullish", "Neutral"]


class BertSized(nn.Module):
    def __init__(self, vocab, d, layers, heads, ff, max_len):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(max_len, d)
        self.ln = nn.LayerNorm(d)
        self.blocks = nn.ModuleList([Block(d, heads, ff, 0.0) for _ in range(layers)])
        self.head = nn.Linear(d, len(LABELS))

    def forward(self, input_ids, attention_mask):
        pos = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.ln(self.tok(input_ids) + self.pos(pos))
        bias = (1.0 - attention_mask[:, None, None, :].float()) * -10000.0
        for block in self.blocks:
            x = block(x, bias)
        return self.head(x[:, 0])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--d", type=int, default=768)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--ff", type=int, default=3072)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(SHIPPED, "tokenizer.json"), encoding="utf-8") as f:
        tokenizer = json.load(f)
    vocab = len(tokenizer["model"]["vocab"])
    max_len = tokenizer["truncation"]["max_length"]
    model = BertSized(vocab, args.d, args.layers, args.heads, args.ff, max_len).eval()
    ids = torch.tensor([[2, 10, 11, 3]], dtype=torch.long)
    torch.onnx.export(model, (ids, torch.ones_like(ids)), os.path.join(args.out, "model.onnx"),
                      input_names=["input_ids", "attention_mask"], output_names=["logits"], opset_version=14,
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                    "logits": {0: "batch"}})
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(SHIPPED, name), os.path.join(args.out, name))
    params = sum(p.numel() for p in model.parameters())
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump({"id2label": {str(i): l for i, l in enumerate(LABELS)}, "hidden_size": args.d,
                   "num_hidden_layers": args.layers, "max_position_embeddings": max_len}, f, indent=2)
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"name": f"bert-base-sized-untrained ({params / 1e6:.0f} M parameters)", "labels": LABELS,
                   "preprocess": {"stripUrls": True, "maxLength": max_len}}, f, indent=2)
    print(f"{args.out}: {params:,} parameters")


if __name__ == "__main__":
    main()
