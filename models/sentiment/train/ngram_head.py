"""Adds an n-gram head to the encoder that train.py exported, inside the same ONNX graph.

The head is a fastText-style classifier: the mean of learned vectors for every token (a whole word, or a word
piece for a word outside the vocabulary), and for every token bigram and trigram hashed into a fixed number
of buckets, then a linear layer. It is computed
from the same input_ids and attention_mask as the encoder, so the engine's runner, tokenizer and
inputs do not change. The two are combined as a weighted product of experts:

    logits = w * log_softmax(encoder) + (1 - w) * log_softmax(head) + class offsets

with w and the offsets chosen on the held-out part of sent_train.csv (the same seeded split train.py uses),
never on sent_valid.csv, which is read only for the final report.

Run after train.py, from the repository root:
  /usr/bin/python3 models/sentiment/train/ngram_head.py --data ../shared/data/sentiment
It calls encoder_logits.mjs (Node, onnxruntime-node) to get the encoder's logits exactly as the engine computes them."""

import argparse
import itertools
import json
import os
import random
import subprocess
import tempfile

import onnx
import onnx.compose
import onnx.helper as oh
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

from train import LABELS, fiqa_labelled, held_out_split, metrics, pad, read_csv
from wordpiece import WordPiece, strip_urls

HERE = os.path.dirname(os.path.abspath(__file__))


class NgramHead(nn.Module):
    def __init__(self, vocab, buckets, d, drop):
        super().__init__()
        self.vocab, self.buckets = vocab, buckets
        self.emb = nn.Embedding(vocab + buckets, d)
        self.drop = nn.Dropout(drop)
        self.out = nn.Linear(d, len(LABELS))

    def forward(self, input_ids, attention_mask):
        v, h = self.vocab, self.buckets
        ids, m = input_ids, attention_mask.float()
        # Hash ids of adjacent pieces; padding positions get weight 0 through the mask products.
        bi = (ids[:, :-1] * v + ids[:, 1:]) % h + v
        tri = (ids[:, :-2] * (v * v) + ids[:, 1:-1] * v + ids[:, 2:]) % h + v
        m2 = m[:, :-1] * m[:, 1:]
        m3 = m2[:, :-1] * m[:, 2:]
        total = (self.emb(ids) * m.unsqueeze(-1)).sum(1) + (self.emb(bi) * m2.unsqueeze(-1)).sum(1) + (
            self.emb(tri) * m3.unsqueeze(-1)
        ).sum(1)
        count = (m.sum(1) + m2.sum(1) + m3.sum(1)).clamp(min=1.0).unsqueeze(-1)
        return self.out(self.drop(total / count))


class HeadEnsemble(nn.Module):
    """The mean log-probabilities of heads trained from different seeds: averaging cuts the variance a
    single head has on 9,000 headlines, and each head is only a table lookup and a mean at run time."""

    def __init__(self, heads):
        super().__init__()
        self.heads = nn.ModuleList(heads)

    def forward(self, input_ids, attention_mask):
        return torch.stack([F.log_softmax(h(input_ids, attention_mask), -1) for h in self.heads]).mean(0)


def head_logits(model, rows):
    model.eval()
    with torch.no_grad():
        ids, mask, _ = pad(rows, list(range(len(rows))))
        return model(ids, mask)


def train_head(model, train, dev, args, rng, epochs=None):
    """Trains `model`; with `epochs` None keeps the epoch that scores best on dev and returns its number,
    otherwise trains exactly `epochs` epochs (dev unused)."""
    counts = [sum(1 for _, y in train if y == c) for c in range(len(LABELS))]
    weights = torch.tensor([(len(train) / (len(LABELS) * c)) ** args.class_weight_power for c in counts])
    # Sparse updates of the n-gram table: each batch touches a few thousand of its rows, and dense Adam over
    # the whole table made an epoch some ten times slower for no better held-out score.
    model.emb.sparse = True
    opts = [torch.optim.SparseAdam([model.emb.weight], lr=args.lr), torch.optim.Adam(model.out.parameters(), lr=args.lr)]
    gold = [y for _, y in dev] if dev is not None else []
    best, best_state, best_epoch = -1.0, None, epochs
    for epoch in range(epochs or args.epochs):
        model.train()
        order = list(range(len(train)))
        rng.shuffle(order)
        for i in range(0, len(order), args.batch):
            ids, mask, y = pad(train, order[i : i + args.batch])
            loss = F.cross_entropy(model(ids, mask), y, weight=weights, label_smoothing=0.05)
            for opt in opts:
                opt.zero_grad()
            loss.backward()
            for opt in opts:
                opt.step()
        if epochs is not None:
            continue
        m = metrics(head_logits(model, dev).argmax(-1).tolist(), gold)
        print(f"head epoch {epoch + 1}/{args.epochs} dev acc {m['accuracy']} macroF1 {m['macroF1']}", flush=True)
        if m["accuracy"] + m["macroF1"] > best:
            best, best_state, best_epoch = m["accuracy"] + m["macroF1"], {k: v.clone() for k, v in model.state_dict().items()}, epoch + 1
    if best_state is not None:
        model.load_state_dict(best_state)
    return best_epoch


def seeded_head(vocab_size, args, k, train, dev, epochs=None):
    """Head number k (seed args.seed + k), with its float16-rounded table, and its number of epochs."""
    torch.manual_seed(args.seed + k)
    head = NgramHead(vocab_size, args.buckets, args.d, args.dropout)
    chosen = train_head(head, train, dev, args, random.Random(args.seed + k), epochs)
    # The shipped file stores the tables in float16 (see merge): score with exactly those weights.
    head.emb.weight.data = head.emb.weight.data.half().float()
    head.emb.sparse = False
    return head, chosen


def choose_mix(enc_dev, head_dev, gold, min_accuracy):
    """Encoder weight and class offsets (Bearish, Bullish; Neutral fixed at 0) with the best macro-F1 on dev
    among those keeping dev accuracy at min_accuracy or more (the best accuracy + macro-F1 when none does)."""
    best = None
    for w in [x / 10 for x in range(11)]:
        mixed = w * enc_dev + (1 - w) * head_dev
        for o0, o1 in itertools.product([x / 4 for x in range(-4, 5)], repeat=2):
            m = metrics((mixed + torch.tensor([o0, o1, 0.0])).argmax(-1).tolist(), gold)
            score = (m["accuracy"] >= min_accuracy, m["macroF1"] if m["accuracy"] >= min_accuracy else m["accuracy"] + m["macroF1"])
            if best is None or score > best[0]:
                best = (score, w, [o0, o1, 0.0], m)
    return best


def merge(encoder_path, head_path, out_path, w, offsets):
    encoder = onnx.load(encoder_path)
    head = onnx.compose.add_prefix(onnx.load(head_path), "ngram/")
    # Both parts read the same graph inputs: point the head's nodes back at them.
    shared = {f"ngram/{i.name}": i.name for i in encoder.graph.input}
    for node in head.graph.node:
        node.input[:] = [shared.get(i, i) for i in node.input]
    (enc_out,) = [o.name for o in encoder.graph.output]
    for node in encoder.graph.node:
        node.output[:] = ["encoder_logits" if o == enc_out else o for o in node.output]
    (head_out,) = [o.name for o in head.graph.output]
    # The hashed-n-gram table is most of the file: store it as float16 and cast it back to float32 in the
    # graph. onnxruntime folds that cast once when it loads the model, so inference runs in float32.
    tables = [i for i in head.graph.initializer if i.name.endswith("emb.weight")]
    assert tables, "the n-gram tables were not found in the exported head"
    for table in tables:
        half = onnx.numpy_helper.from_array(onnx.numpy_helper.to_array(table).astype("float16"), f"{table.name}.f16")
        head.graph.initializer.remove(table)
        head.graph.initializer.append(half)
        head.graph.node.insert(0, oh.make_node("Cast", [half.name], [table.name], to=onnx.TensorProto.FLOAT))
    constants = [
        onnx.numpy_helper.from_array(torch.tensor([w]).numpy(), "mix/encoder_weight"),
        onnx.numpy_helper.from_array(torch.tensor([1.0 - w]).numpy(), "mix/head_weight"),
        onnx.numpy_helper.from_array(torch.tensor([offsets]).numpy(), "mix/offsets"),
    ]
    combine = [
        oh.make_node("LogSoftmax", ["encoder_logits"], ["mix/encoder_log_p"], axis=-1),
        oh.make_node("LogSoftmax", [head_out], ["mix/head_log_p"], axis=-1),
        oh.make_node("Mul", ["mix/encoder_log_p", "mix/encoder_weight"], ["mix/a"]),
        oh.make_node("Mul", ["mix/head_log_p", "mix/head_weight"], ["mix/b"]),
        oh.make_node("Add", ["mix/a", "mix/b"], ["mix/sum"]),
        oh.make_node("Add", ["mix/sum", "mix/offsets"], ["logits"]),
    ]
    graph = oh.make_graph(
        list(encoder.graph.node) + list(head.graph.node) + combine,
        "stratus-sentiment-ensemble",
        list(encoder.graph.input),
        [oh.make_tensor_value_info("logits", onnx.TensorProto.FLOAT, ["batch", len(LABELS)])],
        list(encoder.graph.initializer) + list(head.graph.initializer) + constants,
    )
    model = oh.make_model(graph, opset_imports=list(encoder.opset_import), producer_name="stratus")
    model.ir_version = encoder.ir_version
    onnx.checker.check_model(model)
    onnx.save(model, out_path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/sentiment")
    p.add_argument("--model-dir", default=os.path.join(HERE, ".."))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--dev-fraction", type=float, default=0.1)
    p.add_argument("--buckets", type=int, default=30011)
    p.add_argument("--d", type=int, default=32)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-3)
    p.add_argument("--class-weight-power", type=float, default=0.75)
    p.add_argument("--heads", type=int, default=3, help="heads trained from seeds seed, seed+1, … and averaged")
    p.add_argument("--fiqa-threshold", type=float, default=0.2,
                   help="FiQA training sentences join the heads' training set, labelled by |score| > this; 0 = left out")
    p.add_argument("--min-dev-accuracy", type=float, default=0.81)
    p.add_argument("--refit-all", action=argparse.BooleanOptionalAction, default=True,
                   help="retrain the heads on all of sent_train.csv once dev has fixed their epochs and the mix")
    # One thread: on two shared cores a second one made the small batches slower, not faster.
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()

    manifest_path = os.path.join(args.model_dir, "manifest.json")
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    if "ensemble" in manifest:
        raise SystemExit("model.onnx already holds the n-gram head: run train.py again first, then this script")

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    # The same seeded split as train.py: dev chose the encoder's epoch and now chooses the mix.
    base = os.path.join(args.data, "twitter_financial_news_sentiment")
    labelled = read_csv(os.path.join(base, "sent_train.csv"))
    valid = read_csv(os.path.join(base, "sent_valid.csv"))
    dev, train = held_out_split(labelled, random.Random(args.seed), args.dev_fraction)

    with open(os.path.join(args.model_dir, "tokenizer.json"), encoding="utf-8") as f:
        pieces = json.load(f)["model"]["vocab"]
    vocab = [None] * len(pieces)
    for piece, i in pieces.items():
        vocab[i] = piece
    wp = WordPiece(vocab)
    max_len = manifest["preprocess"]["maxLength"]
    encode = lambda rows: [(wp.encode(strip_urls(t), max_len), y) for t, y in rows]
    enc_train, enc_dev, enc_valid = encode(train), encode(dev), encode(valid)
    if args.fiqa_threshold > 0:
        enc_train += encode(fiqa_labelled(os.path.join(args.data, "fiqa2018_task1"), args.fiqa_threshold))

    trained = [seeded_head(len(vocab), args, k, enc_train, enc_dev) for k in range(args.heads)]
    head = HeadEnsemble([h for h, _ in trained])
    chosen_epochs = [e for _, e in trained]

    with tempfile.TemporaryDirectory() as tmp:
        splits = os.path.join(tmp, "splits.json")
        with open(splits, "w", encoding="utf-8") as f:
            json.dump({"dev": dev, "valid": valid}, f)
        logits_path = os.path.join(tmp, "encoder-logits.json")
        subprocess.run(["node", os.path.join(HERE, "encoder_logits.mjs"), args.model_dir, splits, logits_path], check=True)
        with open(logits_path, encoding="utf-8") as f:
            encoder_logits = json.load(f)
        enc_dev_lp = F.log_softmax(torch.tensor(encoder_logits["dev"]), -1)
        enc_valid_lp = F.log_softmax(torch.tensor(encoder_logits["valid"]), -1)
        head_dev_lp = F.log_softmax(head_logits(head, enc_dev), -1)
        head_valid_lp = F.log_softmax(head_logits(head, enc_valid), -1)

        _, w, offsets, dev_metrics = choose_mix(enc_dev_lp, head_dev_lp, [y for _, y in dev], args.min_dev_accuracy)
        if args.refit_all:
            # The recipe (epochs per head, mix and offsets) is fixed on dev; the shipped heads then learn from
            # all of sent_train.csv, dev included, for the same number of epochs.
            head = HeadEnsemble([seeded_head(len(vocab), args, k, enc_train + enc_dev, None, e)[0]
                                 for k, e in enumerate(chosen_epochs)])
            head_valid_lp = F.log_softmax(head_logits(head, enc_valid), -1)
        mixed_valid = w * enc_valid_lp + (1 - w) * head_valid_lp + torch.tensor(offsets)
        valid_metrics = metrics(mixed_valid.argmax(-1).tolist(), [y for _, y in valid])
        encoder_valid = metrics(enc_valid_lp.argmax(-1).tolist(), [y for _, y in valid])
        head_valid = metrics(head_valid_lp.argmax(-1).tolist(), [y for _, y in valid])
        print(f"mix: encoder weight {w}, offsets {offsets}; dev {dev_metrics['accuracy']} / {dev_metrics['macroF1']}", flush=True)

        head.eval()
        head_path = os.path.join(tmp, "head.onnx")
        ids = torch.tensor([[2, 10, 11, 12, 3]], dtype=torch.long)
        torch.onnx.export(head, (ids, torch.ones_like(ids)), head_path, input_names=["input_ids", "attention_mask"],
                          output_names=["head_logits"], opset_version=14,
                          dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                                        "attention_mask": {0: "batch", 1: "sequence"}, "head_logits": {0: "batch"}})
        model_path = os.path.join(args.model_dir, "model.onnx")
        merge(model_path, head_path, model_path, w, offsets)

    head_params = sum(p.numel() for p in head.parameters())
    manifest["name"] = f"{manifest['name']}-ngram"
    manifest["architecture"]["parameters"] += head_params
    manifest["ensemble"] = {
        "head": {"kind": "hashed token 1-3-grams, mean of vectors, linear; mean log-probabilities of seeded heads",
                 "heads": args.heads, "buckets": args.buckets, "dim": args.d, "parameters": head_params, "epochs": args.epochs,
                 "fiqaThreshold": args.fiqa_threshold, "epochsChosenOnDev": chosen_epochs,
                 "refitOnAllOfSentTrain": args.refit_all},
        "combine": "w * log_softmax(encoder) + (1 - w) * log_softmax(head) + offsets",
        "encoderWeight": w,
        "offsets": dict(zip(LABELS, offsets)),
        "chosenOn": f"dev split of sent_train.csv: best macro-F1 with dev accuracy >= {args.min_dev_accuracy}",
        "validParts": {"encoder": {k: encoder_valid[k] for k in ("accuracy", "macroF1")},
                       "head": {k: head_valid[k] for k in ("accuracy", "macroF1")}},
    }
    manifest["training"]["devMetrics"] = {k: dev_metrics[k] for k in ("accuracy", "macroF1")}
    manifest["metrics"] = {"dataset": manifest["metrics"]["dataset"], **valid_metrics}
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest["metrics"]), flush=True)


if __name__ == "__main__":
    main()
