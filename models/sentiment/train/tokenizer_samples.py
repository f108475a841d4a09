"""Writes tokenizer-samples.json: texts and the ids the training pipeline gives them, so the engine's tests can
check that the JavaScript tokenizer reading tokenizer.json produces exactly the same ids.

Run after train.py:  /usr/bin/python3 models/sentiment/train/tokenizer_samples.py"""

import json
import os

from wordpiece import WordPiece

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..")
SAMPLES = [
    "$BTC breaks $100K as ETF inflows surge https://t.co/abc123",
    "Ethereum's Dencun upgrade: fees drop 90%!",
    "Café owners in Zürich accept bitcoin, naïvely?",
    "比特币 暴跌 🚀🔥 moon soon",
    "SEC sues Binance; BNB slides -8.5% (report)",
    "   multiple   spaces\tand\nnewlines  ",
    "x" * 150,
]

with open(os.path.join(OUT, "tokenizer.json"), encoding="utf-8") as f:
    tokenizer = json.load(f)
vocab = sorted(tokenizer["model"]["vocab"], key=lambda t: tokenizer["model"]["vocab"][t])
max_len = tokenizer["truncation"]["max_length"]
wp = WordPiece(vocab)
with open(os.path.join(OUT, "tokenizer-samples.json"), "w", encoding="utf-8") as f:
    json.dump({"maxLength": max_len, "samples": [{"text": t, "ids": wp.encode(t, max_len)} for t in SAMPLES]}, f, ensure_ascii=False, indent=1)
