import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSentimentWorker, shippedModelDir } from '../../../testing/bundle-worker';
import { tempDir } from '../../../testing/temp-dir';
import { readModelDirectory } from './model-directory';
import { SentimentRunner } from './sentiment-runner';

let workerPath = '';
const temp = tempDir('stratus-runner-');

beforeAll(async () => {
  workerPath = await buildSentimentWorker();
});
afterAll(() => temp.remove());

function copyModel(name: string): string {
  const dir = join(temp.path, name);
  cpSync(shippedModelDir(), dir, { recursive: true, filter: (src) => !src.includes('train') });
  return dir;
}

describe('SentimentRunner', () => {
  it('loads the shipped model, falls back from CUDA to CPU without CUDA libraries, and scores text', async () => {
    const runner = new SentimentRunner({ workerPath, modelDir: shippedModelDir(), providers: ['cuda', 'cpu'] });
    try {
      const status = await runner.start();
      expect(status.state).toBe('ready');
      // No CUDA libraries here: the CUDA request fails, the worker retries on CPU and says why.
      expect(status.provider).toBe('cpu');
      expect(status.cudaError).toMatch(/cuda|CUDA|shared library/);
      expect(status.labels).toEqual(['Bearish', 'Bullish', 'Neutral']);
      expect(status.metrics?.accuracy).toBeGreaterThan(0);
      const score = await runner.score('Bitcoin surges to a record high as ETF inflows jump https://t.co/abc');
      expect(Object.keys(score.probabilities).sort()).toEqual(['Bearish', 'Bullish', 'Neutral']);
      const total = Object.values(score.probabilities).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 5);
      expect(score.confidence).toBe(Math.max(...Object.values(score.probabilities)));
      expect(score.polarity).toBeCloseTo((score.probabilities.Bullish ?? 0) - (score.probabilities.Bearish ?? 0), 6);
    } finally {
      await runner.stop();
    }
  });

  it('batches a burst of texts into few model calls and answers each in order, including emoji, non-English and huge texts', async () => {
    const runner = new SentimentRunner({ workerPath, modelDir: shippedModelDir(), providers: ['cpu'], maxBatch: 64, maxWaitMs: 5 });
    try {
      await runner.start();
      const texts = Array.from({ length: 150 }, (_, i) => `headline ${i}: $ETH ${i % 2 ? 'rallies' : 'drops'}`);
      texts.push('比特币价格暴跌 🚀🚀🔥', 'x'.repeat(200_000), '');
      const single = await runner.score(texts[3] ?? '');
      const scores = await Promise.all(texts.map((t) => runner.score(t)));
      expect(scores).toHaveLength(texts.length);
      // Padding a text inside a batch changes its scores only by float rounding.
      expect(scores[3]?.label).toBe(single.label);
      expect(scores[3]?.polarity).toBeCloseTo(single.polarity, 5);
      const status = runner.status();
      expect(status.texts).toBe(texts.length + 1);
      // 154 texts in at most a handful of calls: ceil(153 / 64) plus the single one and timing slack.
      expect(status.batches).toBeLessThanOrEqual(6);
    } finally {
      await runner.stop();
    }
  });

  it('reads plain headlines the way a trader would (the shipped model, at least 8 of 10)', async () => {
    // Written for this test, none from the training data. A broken export or tokenizer scores about a third.
    const cases: readonly (readonly [string, string])[] = [
      ['Bitcoin plunges 12% after exchange hack drains $400 million', 'Bearish'],
      ['Ethereum soars to record high as ETF inflows surge', 'Bullish'],
      ['Coinbase shares tumble after SEC lawsuit', 'Bearish'],
      ['Solana rallies as network upgrade goes live', 'Bullish'],
      ['Federal Reserve to publish meeting minutes on Wednesday', 'Neutral'],
      ['Binance lists new trading pairs for stablecoins', 'Neutral'],
      ['Tesla stock falls after earnings miss', 'Bearish'],
      ['Nvidia beats estimates, raises guidance', 'Bullish'],
      ['Crypto lender files for bankruptcy', 'Bearish'],
      ['Company announces board meeting date', 'Neutral'],
    ];
    const runner = new SentimentRunner({ workerPath, modelDir: shippedModelDir(), providers: ['cpu'] });
    try {
      await runner.start();
      const labels = await Promise.all(cases.map(async ([text]) => (await runner.score(text)).label));
      const right = cases.filter(([, expected], i) => labels[i] === expected).length;
      expect(right, `labels: ${labels.join(', ')}`).toBeGreaterThanOrEqual(8);
    } finally {
      await runner.stop();
    }
  });

  it('selects another model directory and keeps the current model when a directory is invalid', async () => {
    const runner = new SentimentRunner({ workerPath, modelDir: shippedModelDir(), providers: ['cpu'] });
    try {
      await runner.start();
      const other = copyModel('renamed');
      const shipped = readModelDirectory(other);
      writeFileSync(
        join(other, 'config.json'),
        JSON.stringify({ id2label: { 0: 'negative', 1: 'positive', 2: 'neutral' }, max_position_embeddings: 64 }),
      );
      writeFileSync(join(other, 'manifest.json'), JSON.stringify({ name: 'other-model' }));
      expect(shipped.labels).toHaveLength(3);
      const selected = await runner.selectModel(other);
      expect(selected.name).toBe('other-model');
      expect(selected.labels).toEqual(['negative', 'positive', 'neutral']);
      const score = await runner.score('Ethereum upgrade ships on time');
      expect(Object.keys(score.probabilities).sort()).toEqual(['negative', 'neutral', 'positive']);

      const noConfig = copyModel('no-config');
      writeFileSync(join(noConfig, 'config.json'), JSON.stringify({ architectures: ['X'] }));
      await expect(runner.selectModel(noConfig)).rejects.toThrow(/id2label/);
      const brokenOnnx = copyModel('broken-onnx');
      writeFileSync(join(brokenOnnx, 'model.onnx'), 'not a model');
      await expect(runner.selectModel(brokenOnnx)).rejects.toThrow(/could not be loaded/);
      await expect(runner.selectModel(join(temp.path, 'missing'))).rejects.toThrow(/does not exist/);
      const badJson = copyModel('bad-json');
      writeFileSync(join(badJson, 'tokenizer.json'), '{ nope');
      await expect(runner.selectModel(badJson)).rejects.toThrow(/tokenizer.json is not valid JSON/);

      expect(runner.status().name).toBe('other-model');
      expect(runner.status().state).toBe('ready');
      await expect(runner.score('still works')).resolves.toHaveProperty('label');
    } finally {
      await runner.stop();
    }
  });

  it('reports a missing worker bundle clearly', async () => {
    const runner = new SentimentRunner({ workerPath: join(temp.path, 'nope.mjs'), modelDir: shippedModelDir() });
    await expect(runner.score('x')).rejects.toThrow(/worker .* is missing/);
    expect(runner.status().state).toBe('error');
  });
});
