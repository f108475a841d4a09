import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../../hosts/serve';
import { bundleWorker } from '../../../testing/bundle-worker';
import { generateCandles } from '../../../testing/candles';
import { tempDir } from '../../../testing/temp-dir';
import { WsTestClient } from '../../../testing/ws-test-client';
import { DEFAULT_MAX_WAITING } from './train-runner';

const TOKEN = 'ml-train-api-token-0123456789';
const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);

async function appendSeries(client: WsTestClient, symbol: string, bars: number, seed: number): Promise<void> {
  const candles = generateCandles(bars, { start: START, stepMs: HOUR, seed, price: 100 });
  for (let from = 0; from < candles.length; from += 10_000) {
    await client.call('data.appendCandles', { venue: 'binance', symbol, timeframe: '1h', candles: candles.slice(from, from + 10_000) });
  }
}

describe('ml.train of stratus serve, trained in a worker thread', () => {
  let workerPath = '';
  let serve: RunningServe;
  let client: WsTestClient;
  const dir = tempDir('stratus-ml-train-api-');

  beforeAll(async () => {
    workerPath = await bundleWorker('engine/strategy/strategies/ml-direction/ml-train-worker.ts', 'ml-train-worker');
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null, mlTraining: { workerPath } });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    await appendSeries(client, 'BTC/USDT', 6_000, 1);
    await appendSeries(client, 'ETH/USDT', 1_000, 2);
  });
  afterAll(async () => {
    await client.close();
    await serve.close();
    dir.remove();
  });

  it('queues concurrent trainings in order, refuses those beyond the queue, and keeps answering meanwhile', async () => {
    const request = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', horizon: 6, folds: 3 } as const;
    const order: string[] = [];
    const trains = Array.from({ length: DEFAULT_MAX_WAITING + 2 }, () => client.call('ml.train', request));
    const ping = client.call('system.ping', {}).then(() => order.push('ping'));
    const outcomes = await Promise.allSettled(trains.map((train) => train.finally(() => order.push('train'))));
    await ping;
    expect(order[0]).toBe('ping');
    const versions = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.version] : []));
    expect(versions).toEqual([1, 2, 3, 4, 5]);
    const refused = outcomes.at(-1);
    expect(refused?.status).toBe('rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ type: 'RateLimitError', message: expect.stringMatching(/ml.train is busy/) });
    // Once the queue has drained a new request trains again.
    await expect(client.call('ml.train', request)).resolves.toMatchObject({ version: 6 });
  });

  it('reports a training the data cannot fill as a ValidationError from the worker', async () => {
    await expect(client.call('ml.train', { venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h', horizon: 500, folds: 20 })).rejects.toMatchObject({
      type: 'ValidationError',
      message: expect.stringMatching(/^cannot train ml-direction: 1000 bars are too few for 20 folds/),
    });
    expect(await client.call('ml.models', { symbol: 'ETH/USDT' })).toEqual([]);
  });
});

describe('ml.train of stratus serve whose training worker dies', () => {
  const dir = tempDir('stratus-ml-train-crash-');

  it('answers a TrainingFailedError and goes on serving', async () => {
    const workerPath = await bundleWorker('engine/strategy/strategies/ml-direction/ml-train-worker.ts', 'ml-train-worker');
    // A heap too small for any run: the worker dies of memory, as a huge series would on a real machine.
    const serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null, mlTraining: { workerPath, maxHeapMb: 4 } });
    const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    try {
      await appendSeries(client, 'BTC/USDT', 20_000, 3);
      await expect(client.call('ml.train', { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', horizon: 6 })).rejects.toMatchObject({
        type: 'TrainingFailedError',
        message: expect.stringMatching(/the ml-direction training worker failed: .*memory/i),
      });
      expect(await client.call('system.ping', {})).toBeDefined();
      expect(await client.call('ml.models', {})).toEqual([]);
    } finally {
      await client.close();
      await serve.close();
      dir.remove();
    }
  });
});
