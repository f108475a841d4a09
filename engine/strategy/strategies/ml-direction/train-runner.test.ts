import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitError, ValidationError } from '../../../core/errors';
import { toColumns, type SeriesKey } from '../../../model/candle';
import type { SentimentAggregate } from '../../../model/sentiment';
import { openDatabase, type Db } from '../../../store/database';
import { CandleRepository } from '../../../store/repositories/candle-repository';
import { bundleWorker } from '../../../testing/bundle-worker';
import { generateCandles } from '../../../testing/candles';
import { eventually } from '../../../testing/eventually';
import { tempDir } from '../../../testing/temp-dir';
import { trainAndStore, trainAndStoreAsync } from './ml-direction-trainer';
import { MlModelStore } from './ml-model-store';
import { trainDirectionModel, type TrainDirectionOptions } from './train-direction';
import { MlTrainRunner, TrainingFailedError } from './train-runner';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const series: SeriesKey = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };

/** Hourly sentiment that changes every 5 bars and is missing for the first 300: both context cases. */
function sentimentAt(at: number): SentimentAggregate | null {
  const hour = Math.floor((at - START) / HOUR);
  if (hour < 300) return null;
  const step = Math.floor(hour / 5);
  return { symbol: 'BTC', window: '1h', at: START + step * 5 * HOUR, score: Math.sin(step) * 0.8, confidence: (step % 7) / 7, count: step % 11, spike: step % 13 === 0 };
}

function optionsFor(bars: number, seed: number): TrainDirectionOptions {
  return {
    series,
    candles: toColumns(generateCandles(bars, { seed, stepMs: HOUR, start: START })),
    horizon: 6,
    deadZone: 0.001,
    l2: 0.05,
    scheme: { folds: 3 },
    contextAt: (_open, close) => {
      const sentiment = sentimentAt(close - 1);
      return sentiment ? { sentiment } : undefined;
    },
    now: 1_700_000_000_000,
  };
}

describe('ml-direction training in a worker thread', () => {
  let workerPath = '';
  const dir = tempDir('stratus-ml-train-runner-');
  let db: Db;

  beforeAll(async () => {
    workerPath = await bundleWorker('engine/strategy/strategies/ml-direction/ml-train-worker.ts', 'ml-train-worker');
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
  });
  afterAll(() => {
    db.close();
    dir.remove();
  });

  it('gives exactly the model an in-thread training gives on the same candles and sentiment', async () => {
    const options = optionsFor(2_500, 11);
    const runner = new MlTrainRunner({ workerPath });
    const [inWorker, inThread, yielding] = await Promise.all([runner.run(options), Promise.resolve(trainDirectionModel(options)), new MlTrainRunner().run(options)]);
    expect(runner.inWorker).toBe(true);
    expect(inWorker).toEqual(inThread);
    expect(yielding).toEqual(inThread);
    // The sentiment reached the model: its features carry weight.
    const present = inThread.featureNames.indexOf('sentimentPresent');
    expect(inWorker.model.weights[present]).not.toBe(0);
    expect(inWorker.model.weights[present]).toBe(inThread.model.weights[present]);
    await runner.stop();
  });

  it('stores the worker-trained model through the engine trainer, and reports bad input as before', async () => {
    const candles = new CandleRepository(db);
    candles.upsertMany(series, generateCandles(1_500, { seed: 4, stepMs: HOUR, start: START }), 0);
    const runner = new MlTrainRunner({ workerPath });
    const deps = { candles, models: new MlModelStore(db), now: () => 1_700_000_000_000, runner };
    const model = await trainAndStoreAsync(deps, { series, horizon: 4, folds: 3 });
    expect(model).toMatchObject({ version: 1, horizon: 4, series });
    // Too many folds for the bars: the worker's RangeError is the caller's input problem, as in-thread.
    const tooMany = trainAndStoreAsync(deps, { series, horizon: 4, folds: 1_000 });
    await expect(tooMany).rejects.toBeInstanceOf(ValidationError);
    await expect(tooMany).rejects.toThrow(/^cannot train ml-direction: /);
    await expect(trainAndStoreAsync(deps, { series: { ...series, symbol: 'NOPE/USDT' }, horizon: 4 })).rejects.toThrow(/has 0 stored bars/);
    expect((await trainAndStoreAsync(deps, { series, horizon: 4, folds: 3 })).version).toBe(2);
    await runner.stop();
  });

  it('reads a long series in slices for the worker and trains the model the CLI path trains from one read', async () => {
    const eth = { ...series, symbol: 'ETH/USDT' };
    const bars = generateCandles(12_345, { seed: 8, stepMs: HOUR, start: START });
    const candles = new CandleRepository(db);
    candles.upsertMany(eth, bars, 0);
    const runner = new MlTrainRunner({ workerPath });
    const deps = { candles, models: new MlModelStore(db), now: () => 1_700_000_000_000, runner };
    // 11,501 bars: three slices, the oldest one partial.
    const request = { series: eth, horizon: 8, folds: 2, from: bars[500]!.openTime, to: bars[12_000]!.openTime };
    const { id: _a, version: sliced, ...viaWorker } = await trainAndStoreAsync(deps, request);
    const { id: _b, version: whole, ...inThread } = trainAndStore(deps, request);
    expect([sliced, whole]).toEqual([1, 2]);
    expect(viaWorker).toEqual(inThread);
    expect(viaWorker.trainFrom).toBeGreaterThanOrEqual(bars[500]!.openTime);
    await runner.stop();
  });

  it('fails a run whose worker dies (out of memory, or missing) with a clear error, and goes on with the next', async () => {
    const runner = new MlTrainRunner({ workerPath, maxHeapMb: 4 });
    const crashed = runner.run(optionsFor(60_000, 1));
    await expect(crashed).rejects.toBeInstanceOf(TrainingFailedError);
    await expect(crashed).rejects.toThrow(/training worker failed: .*memory/i);
    const missing = new MlTrainRunner({ workerPath: join(dir.path, 'no-such-worker.js') });
    await expect(missing.run(optionsFor(1_200, 2))).rejects.toThrow(/training worker failed: .*no-such-worker/);
    // The same runner trains again once the crashed run is over.
    const healthy = new MlTrainRunner({ workerPath });
    const model = await healthy.run(optionsFor(1_200, 3));
    expect(model.validation.folds).toHaveLength(3);
    await Promise.all([runner.stop(), missing.stop(), healthy.stop()]);
  });

  it('trains queued runs one after another and refuses those beyond the queue', async () => {
    const runner = new MlTrainRunner({ workerPath, maxWaiting: 1 });
    const finished: number[] = [];
    const first = runner.run(optionsFor(1_200, 5)).then((m) => (finished.push(1), m));
    const second = runner.run(optionsFor(1_200, 6)).then((m) => (finished.push(2), m));
    const third = runner.run(optionsFor(1_200, 7));
    await expect(third).rejects.toBeInstanceOf(RateLimitError);
    await expect(third).rejects.toThrow(/ml.train is busy: a model is training and 1 more are waiting/);
    await Promise.all([first, second]);
    expect(finished).toEqual([1, 2]);
    // The queue drained: a new run is taken.
    await expect(runner.run(optionsFor(1_200, 8))).resolves.toMatchObject({ horizon: 6 });
    await runner.stop();
  });

  it('ends the training worker when stopped and refuses the runs still waiting and any new one', async () => {
    const runner = new MlTrainRunner({ workerPath });
    const running = runner.run(optionsFor(40_000, 9));
    const waiting = runner.run(optionsFor(1_200, 10));
    // Stop while the long run is in its worker.
    await eventually(() => runner.workersRunning === 1);
    await runner.stop();
    expect(runner.workersRunning).toBe(0);
    await expect(running).rejects.toThrow(/cancelled: the engine is stopping/);
    await expect(waiting).rejects.toBeInstanceOf(TrainingFailedError);
    await expect(runner.run(optionsFor(1_200, 11))).rejects.toThrow(/cancelled: the engine is stopping/);
  });
});
