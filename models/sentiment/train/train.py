"""Trains the shipped sentiment model: a small BERT-style encoder, first pre-trained with masked-language
modelling on the training texts (and FiQA-2018 texts as unlabelled auxiliary text), then fine-tuned on
sent_train.csv with class weights. Writes model.onnx, tokenizer.json, tokenizer_config.json, config.json and
manifest.json (labels and metrics on sent_valid.csv) into the output folder.

Run with Debian's torch:  /usr/bin/python3 models/sentiment/train/train.py --data ../shared/data/sentiment
sent_valid.csv is only read for the final report; model selection uses a seeded split of sent_train.csv."""

import argparse
import csv
import json
import math
import os
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from wordpiece import SPECIALS, WordPiece, build_vocab, tokenizer_json

LABELS = ["Bearish", "Bullish", "Neutral"]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["text"], int(r["label"])) for r in csv.DictReader(f)]


def read_fiqa(folder):
    texts = []
    for name in ("task1_headline_ABSA_train.json", "task1_post_ABSA_train.json"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                texts.extend(v["sentence"] for v in json.load(f).values())
    return texts


class Block(nn.Module):
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


class Encoder(nn.Module):
    def __init__(self, vocab, d, layers, heads, ff, max_len, drop):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(max_len, d)
        self.ln = nn.LayerNorm(d)
        self.drop = nn.Dropout(drop)
        self.blocks = nn.ModuleList([Block(d, heads, ff, drop) for _ in range(layers)])

    def forward(self, ids, mask):
        t = ids.shape[1]
        pos = torch.arange(t, device=ids.device).unsqueeze(0)
        x = self.drop(self.ln(self.tok(ids) + self.pos(pos)))
        bias = (1.0 - mask[:, None, None, :].float()) * -10000.0
        for blk in self.blocks:
            x = blk(x, bias)
        return x


class Classifier(nn.Module):
    def __init__(self, enc, d, classes, drop):
        super().__init__()
        self.enc = enc
        self.drop = nn.Dropout(drop)
        self.head = nn.Linear(2 * d, classes)

    def forward(self, input_ids, attention_mask):
        x = self.enc(input_ids, attention_mask)
        m = attention_mask.unsqueeze(-1).float()
        mean = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.drop(torch.cat([x[:, 0], mean], -1)))


def batches(encoded, size, shuffle, rng):
    # Batches of similar length waste little compute on padding.
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]) + (rng.random() if shuffle else 0))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if shuffle:
        rng.shuffle(groups)
    for g in groups:
        yield pad(encoded, g)


def pad(encoded, group):
    """The rows `group` of `encoded` ((ids, label) pairs) as padded ids, attention mask and labels."""
    t = max(len(encoded[i][0]) for i in group)
    ids = torch.zeros(len(group), t, dtype=torch.long)
    mask = torch.zeros(len(group), t, dtype=torch.long)
    for r, i in enumerate(group):
        seq = encoded[i][0]
        ids[r, : len(seq)] = torch.tensor(seq)
        mask[r, : len(seq)] = 1
    return ids, mask, torch.tensor([encoded[i][1] for i in group])


def held_out_split(labelled, rng, fraction):
    """(dev, train): a seeded shuffle of the labelled rows, the first `fraction` held out."""
    shuffled = labelled[:]
    rng.shuffle(shuffled)
    n_dev = int(len(shuffled) * fraction)
    return shuffled[:n_dev], shuffled[n_dev:]


def pretrain(enc, texts, vocab_size, args, rng):
    head = nn.Linear(args.d, vocab_size)
    params = list(enc.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=args.mlm_lr, weight_decay=0.01)
    steps = args.mlm_epochs * math.ceil(len(texts) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.mlm_lr, total_steps=steps, pct_start=0.1)
    mask_id = SPECIALS.index("[MASK]")
    first_piece = len(SPECIALS)
    enc.train()
    for epoch in range(args.mlm_epochs):
        total, n, t0 = 0.0, 0, time.time()
        for ids, mask, _ in batches([(t, 0) for t in texts], args.batch, True, rng):
            special = ids < first_piece
            pick = (torch.rand(ids.shape) < 0.15) & ~special
            if not pick.any():
                continue
            labels = ids[pick]
            inp = ids.clone()
            r = torch.rand(ids.shape)
            inp[pick & (r < 0.8)] = mask_id
            swap = pick & (r >= 0.8) & (r < 0.9)
            inp[swap] = torch.randint(first_piece, vocab_size, (int(swap.sum()),))
            x = enc(inp, mask)
            loss = F.cross_entropy(head(x[pick]), labels)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            n += 1
        print(f"mlm epoch {epoch + 1}/{args.mlm_epochs} loss {total / max(n, 1):.3f} {time.time() - t0:.0f}s", flush=True)


def predict(model, encoded, batch):
    model.eval()
    preds, gold = [], []
    with torch.no_grad():
        for ids, mask, y in batches(encoded, batch, False, random.Random(0)):
            preds.extend(model(ids, mask).argmax(-1).tolist())
            gold.extend(y.tolist())
    return preds, gold


def metrics(preds, gold):
    k = len(LABELS)
    cm = [[0] * k for _ in range(k)]
    for p, g in zip(preds, gold):
        cm[g][p] += 1
    acc = sum(cm[i][i] for i in range(k)) / max(len(gold), 1)
    f1s = []
    for i in range(k):
        tp = cm[i][i]
        fp = sum(cm[j][i] for j in range(k)) - tp
        fn = sum(cm[i]) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return {"accuracy": round(acc, 4), "macroF1": round(sum(f1s) / k, 4),
            "f1": {LABELS[i]: round(f, 4) for i, f in enumerate(f1s)}, "confusion": cm}


def finetune(model, train, dev, args, rng):
    counts = [sum(1 for _, y in train if y == c) for c in range(len(LABELS))]
    weights = torch.tensor([(len(train) / (len(LABELS) * c)) ** args.class_weight_power for c in counts])
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    best, best_state, recent = -1.0, None, []
    for epoch in range(args.epochs):
        model.train()
        t0 = time.time()
        for ids, mask, y in batches(train, args.batch, True, rng):
            loss = F.cross_entropy(model(ids, mask), y, weight=weights, label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
        m = metrics(*predict(model, dev, 128))
        score = m["macroF1"] + m["accuracy"]
        print(f"epoch {epoch + 1}/{args.epochs} dev acc {m['accuracy']} macroF1 {m['macroF1']} {time.time() - t0:.0f}s", flush=True)
        if score > best:
            best, best_state = score, {k: v.clone() for k, v in model.state_dict().items()}
        if epoch >= args.epochs - args.swa_epochs:
            recent.append({k: v.clone() for k, v in model.state_dict().items()})
    if len(recent) > 1:
        # Weight averaging of the last epochs (SWA): kept only when it beats the best single epoch on dev.
        model.load_state_dict({k: sum(s[k] for s in recent) / len(recent) for k in recent[0]})
        m = metrics(*predict(model, dev, 128))
        print(f"swa of last {len(recent)} epochs dev acc {m['accuracy']} macroF1 {m['macroF1']}", flush=True)
        if m["macroF1"] + m["accuracy"] > best:
            return
    model.load_state_dict(best_state)


def export(model, vocab, args, valid_metrics, dev_metrics, counts):
    out = args.out
    os.makedirs(out, exist_ok=True)
    model.eval()
    ids = torch.tensor([[2, 10, 11, 3]], dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(model, (ids, mask), os.path.join(out, "model.onnx"), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=14,
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                    "logits": {0: "batch"}})
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab, args.max_len), f, ensure_ascii=False)
    with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": args.max_len,
                   "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]",
                   "mask_token": "[MASK]"}, f, indent=2)
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump({"architectures": ["StratusSentimentEncoder"], "model_type": "stratus-sentiment",
                   "id2label": {str(i): l for i, l in enumerate(LABELS)}, "label2id": {l: i for i, l in enumerate(LABELS)},
                   "hidden_size": args.d, "num_hidden_layers": args.layers, "num_attention_heads": args.heads,
                   "intermediate_size": args.ff, "max_position_embeddings": args.max_len, "vocab_size": len(vocab)},
                  f, indent=2)
    params = sum(p.numel() for p in model.parameters())
    manifest = {
        "name": "stratus-sentiment-small",
        "labels": LABELS,
        "polarity": {"Bearish": -1, "Bullish": 1, "Neutral": 0},
        "preprocess": {"stripUrls": True, "maxLength": args.max_len},
        "architecture": {"hiddenSize": args.d, "layers": args.layers, "heads": args.heads, "intermediateSize": args.ff,
                         "vocabSize": len(vocab), "parameters": params, "pooling": "cls+mean"},
        "training": {"data": "twitter_financial_news_sentiment/sent_train.csv", "auxiliaryUnlabelled": "fiqa2018_task1 train sentences (MLM only)",
                     "trainCounts": counts, "seed": args.seed, "mlmEpochs": args.mlm_epochs, "epochs": args.epochs,
                     "devSplit": args.dev_fraction, "devMetrics": dev_metrics},
        "metrics": {"dataset": "twitter_financial_news_sentiment/sent_valid.csv", **valid_metrics},
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest["metrics"]), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/sentiment")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--vocab", type=int, default=4000)
    p.add_argument("--max-len", type=int, default=64)
    p.add_argument("--d", type=int, default=128)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ff", type=int, default=512)
    p.add_argument("--dropout", type=float, default=0.15)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--mlm-epochs", type=int, default=6)
    p.add_argument("--mlm-lr", type=float, default=1.5e-3)
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--class-weight-power", type=float, default=0.75)
    p.add_argument("--dev-fraction", type=float, default=0.1)
    p.add_argument("--swa-epochs", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--no-valid", action="store_true", help="experiments: do not score sent_valid.csv")
    args = p.parse_args()

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)

    base = os.path.join(args.data, "twitter_financial_news_sentiment")
    labelled = read_csv(os.path.join(base, "sent_train.csv"))
    valid = read_csv(os.path.join(base, "sent_valid.csv"))
    aux = read_fiqa(os.path.join(args.data, "fiqa2018_task1"))
    dev, train = held_out_split(labelled, rng, args.dev_fraction)

    vocab = build_vocab([t for t, _ in labelled] + aux, args.vocab)
    wp = WordPiece(vocab)
    enc_train = [(wp.encode(t, args.max_len), y) for t, y in train]
    enc_dev = [(wp.encode(t, args.max_len), y) for t, y in dev]
    enc_valid = [(wp.encode(t, args.max_len), y) for t, y in valid]
    mlm_texts = [wp.encode(t, args.max_len) for t, _ in labelled] + [wp.encode(t, args.max_len) for t in aux]
    unk = sum(s.count(1) for s, _ in enc_valid) / sum(len(s) for s, _ in enc_valid)
    print(f"vocab {len(vocab)}, train {len(train)}, dev {len(dev)}, aux {len(aux)}, valid unk rate {unk:.4f}", flush=True)

    enc = Encoder(len(vocab), args.d, args.layers, args.heads, args.ff, args.max_len, args.dropout)
    if args.mlm_epochs > 0:
        pretrain(enc, mlm_texts, len(vocab), args, rng)
    model = Classifier(enc, args.d, len(LABELS), args.dropout)
    finetune(model, enc_train, enc_dev, args, rng)
    dev_metrics = metrics(*predict(model, enc_dev, 128))
    valid_metrics = {} if args.no_valid else metrics(*predict(model, enc_valid, 128))
    counts = {LABELS[c]: sum(1 for _, y in labelled if y == c) for c in range(len(LABELS))}
    export(model, vocab, args, valid_metrics, {k: dev_metrics[k] for k in ("accuracy", "macroF1")}, counts)


if __name__ == "__main__":
    main()
