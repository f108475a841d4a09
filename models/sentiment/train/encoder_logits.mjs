// Writes the encoder's logits for texts given as JSON ([[text, label], …] per split), so ngram_head.py can
// weigh the two parts of the ensemble on held-out text. Runs the ONNX model exactly as the engine does
// (same tokenizer.json, same URL stripping and truncation).
// Usage: node models/sentiment/train/encoder_logits.mjs <model dir> <splits.json> <out.json>
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const { Tokenizer } = require('@huggingface/tokenizers');

const [dir, splitsPath, outPath] = process.argv.slice(2);
if (!dir || !splitsPath || !outPath) {
  console.error('usage: node encoder_logits.mjs <model dir> <splits.json> <out.json>');
  process.exit(2);
}
const readJson = (path) => JSON.parse(fs.readFileSync(path, 'utf8'));
const tokenizer = new Tokenizer(readJson(`${dir}/tokenizer.json`), readJson(`${dir}/tokenizer_config.json`));
const maxLength = readJson(`${dir}/manifest.json`).preprocess.maxLength;
const session = await ort.InferenceSession.create(`${dir}/model.onnx`, { intraOpNumThreads: 1 });
const stripUrls = (text) => text.replace(/https?:\/\/\S+/g, ' ').split(/\s+/).filter(Boolean).join(' ');
const tensor = (values) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);

const result = {};
for (const [name, rows] of Object.entries(readJson(splitsPath))) {
  const logits = [];
  for (const [text] of rows) {
    let ids = tokenizer.encode(stripUrls(text)).ids;
    if (ids.length > maxLength) ids = [...ids.slice(0, maxLength - 1), ids[ids.length - 1]];
    const output = await session.run({ input_ids: tensor(ids), attention_mask: tensor(ids.map(() => 1)) });
    logits.push(Array.from(output[session.outputNames[0]].data));
  }
  result[name] = logits;
}
fs.writeFileSync(outPath, JSON.stringify(result));
