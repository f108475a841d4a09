/**
 * The shipped sentiment model through the engine's own path (tokenizer + onnxruntime-node in the worker thread):
 * - accuracy and macro-F1 on sent_valid.csv (needs ../shared/data; skipped with a message without it),
 * - one headline at a time: p50 / p95 latency of runner.score (includes the worker hop and the batching wait),
 * - batched throughput: 4,096 headlines submitted at once, micro-batches of up to 64.
 * Each timing is the median of several runs. CUDA is requested first; the provider actually used is printed.
 */
import { availableParallelism } from 'node:os';
import { SentimentRunner } from '../engine/signals/sentiment/runner/sentiment-runner';
import { buildSentimentWorker, shippedModelDir } from '../engine/testing/bundle-worker';
import { loadValidHeadlines } from './sentiment-headlines';
import { fmt, median, percentile, report } from './stats';

const RUNS = 5;
const LABELS = ['Bearish', 'Bullish', 'Neutral'];
const workerPath = await buildSentimentWorker();
const runner = new SentimentRunner({ workerPath, modelDir: process.env.SENTIMENT_MODEL_DIR ?? shippedModelDir(), providers: ['cuda', 'cpu'] });
const status = await runner.start();
console.log(`model ${status.name} on ${status.provider} (${availableParallelism()} cores)${status.cudaError ? '; CUDA unavailable' : ''}`);

const valid = loadValidHeadlines();
let headlines: string[] = [];
if (valid) {
  const { texts, gold } = valid;
  const scores = await Promise.all(texts.map((t) => runner.score(t)));
  const predicted = scores.map((s) => LABELS.indexOf(s.label));
  const confusion = LABELS.map(() => LABELS.map(() => 0));
  predicted.forEach((p, i) => {
    const row = confusion[gold[i] ?? 0];
    if (row) row[p] = (row[p] ?? 0) + 1;
  });
  const correct = predicted.filter((p, i) => p === gold[i]).length;
  const f1 = LABELS.map((_, k) => {
    const tp = confusion[k]?.[k] ?? 0;
    const fp = confusion.reduce((sum, row, j) => sum + (j === k ? 0 : (row[k] ?? 0)), 0);
    const fn = (confusion[k] ?? []).reduce((a, b) => a + b, 0) - tp;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  report('accuracy on sent_valid.csv (goal ≥ 80 %, macro-F1 ≥ 0.75)', [
    ['headlines', fmt(texts.length)],
    ['accuracy', `${fmt((100 * correct) / texts.length, 2)} %`],
    ['macro-F1', fmt(f1.reduce((a, b) => a + b, 0) / f1.length, 4)],
    ['F1 per label', LABELS.map((l, k) => `${l} ${fmt(f1[k] ?? 0, 3)}`).join(', ')],
    ['confusion (rows gold)', JSON.stringify(confusion)],
  ]);
  headlines = texts;
} else {
  console.log('../shared/data is absent: accuracy skipped; timing uses generated headlines');
  headlines = Array.from({ length: 2_000 }, (_, i) => `$BTC headline ${i}: Bitcoin ${i % 2 ? 'rallies' : 'slides'} as traders react to ETF flows`);
}

const p50s: number[] = [];
const p95s: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const text = headlines[(run * 300 + i) % headlines.length] ?? '';
    const started = performance.now();
    await runner.score(text);
    times.push(performance.now() - started);
  }
  p50s.push(percentile(times, 50));
  p95s.push(percentile(times, 95));
}
report(`one headline at a time, ${status.provider} (goal p95 ≤ 10 ms)`, [
  ['p50', `${fmt(median(p50s), 2)} ms`],
  ['p95', `${fmt(median(p95s), 2)} ms`],
]);

const rates: number[] = [];
const batch = Array.from({ length: 4_096 }, (_, i) => headlines[i % headlines.length] ?? '');
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  await Promise.all(batch.map((t) => runner.score(t)));
  rates.push(batch.length / ((performance.now() - started) / 1000));
}
report(`batched throughput, ${status.provider}, micro-batches ≤ 64 (goal ≥ 1,000 headlines/s)`, [
  ['headlines/s (median)', fmt(median(rates))],
  ['runs', rates.map((r) => fmt(r)).join(', ')],
]);
await runner.stop();
