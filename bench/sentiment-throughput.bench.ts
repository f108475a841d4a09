/**
 * Batched scoring throughput of a sentiment model directory on the CUDA execution provider and on the CPU, through
 * the engine's own path (tokenizer + onnxruntime-node in the worker thread, micro-batches of up to 64), with the ratio.
 * SENTIMENT_MODEL_DIR picks the directory (default: the shipped model); for a BERT-base-sized one:
 *   /usr/bin/python3 models/sentiment/train/bert_base_sized.py --out /tmp/bert-base-sized
 *   npm run sentiment:install-cuda   # on a machine with an NVIDIA card
 *   SENTIMENT_MODEL_DIR=/tmp/bert-base-sized npm run bench -- sentiment-throughput
 * Each figure is the median of several runs; without CUDA libraries or a card the CUDA part says why and is skipped.
 */
import { availableParallelism } from 'node:os';
import type { ExecutionProvider } from '../engine/signals/sentiment/runner/worker-protocol';
import { SentimentRunner } from '../engine/signals/sentiment/runner/sentiment-runner';
import { buildSentimentWorker, shippedModelDir } from '../engine/testing/bundle-worker';
import { loadValidHeadlines } from './sentiment-headlines';
import { fmt, median, report } from './stats';

const RUNS = 3;
/** Each timed run scores enough headlines to last about this long, so slow CPU runs stay short and GPU runs long enough. */
const RUN_SECONDS = 4;
const workerPath = await buildSentimentWorker();
const modelDir = process.env.SENTIMENT_MODEL_DIR ?? shippedModelDir();
const headlines =
  loadValidHeadlines()?.texts ??
  Array.from({ length: 2_000 }, (_, i) => `$BTC headline ${i}: Bitcoin ${i % 2 ? 'rallies' : 'slides'} as traders react to ETF flows`);

async function throughput(providers: readonly ExecutionProvider[]): Promise<number | null> {
  const runner = new SentimentRunner({ workerPath, modelDir, providers, maxBatch: 64 });
  try {
    const status = await runner.start();
    const wanted = providers[0];
    if (status.provider !== wanted) {
      console.log(`\n${wanted}: unavailable (${status.cudaError ?? `ran on ${status.provider}`}); skipped`);
      return null;
    }
    const score = (count: number, offset: number): Promise<unknown> =>
      Promise.all(Array.from({ length: count }, (_, i) => runner.score(headlines[(offset + i) % headlines.length] ?? '')));
    // Warm-up: the first calls allocate the provider's buffers (and on CUDA compile kernels).
    let started = performance.now();
    await score(256, 0);
    const perSecond = 256 / ((performance.now() - started) / 1000);
    const count = Math.max(256, Math.min(8_192, Math.round(perSecond * RUN_SECONDS)));
    const rates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      started = performance.now();
      await score(count, run * count);
      rates.push(count / ((performance.now() - started) / 1000));
    }
    report(`${status.provider}: ${status.name}, ${fmt(count)} headlines per run, micro-batches ≤ 64`, [
      ['headlines/s (median)', fmt(median(rates))],
      ['runs', rates.map((r) => fmt(r)).join(', ')],
    ]);
    return median(rates);
  } finally {
    await runner.stop();
  }
}

console.log(`model directory ${modelDir} (${availableParallelism()} CPU cores)`);
const cuda = await throughput(['cuda']);
const cpu = await throughput(['cpu']);
if (cuda !== null && cpu !== null) report('CUDA against CPU', [['ratio', `${fmt(cuda / cpu, 1)}×`]]);
