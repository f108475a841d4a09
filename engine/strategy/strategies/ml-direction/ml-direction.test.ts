import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FEATURE_COUNT, MODEL_FEATURE_NAMES } from '../../../features/model-features';
import type { Candle, SeriesKey } from '../../../model/candle';
import type { SentimentAggregate } from '../../../model/sentiment';
import type { StrategySignal } from '../../../model/signal';
import { openDatabase, type Db } from '../../../store/database';
import { CandleRepository } from '../../../store/repositories/candle-repository';
import { generateCandles } from '../../../testing/candles';
import { tempDir } from '../../../testing/temp-dir';
import type { CandleHistory, Strategy } from '../../strategy-api';
import { STRATEGY_API_VERSION } from '../../strategy-api';
import { ML_DIRECTION_KIND, type NewDirectionModel } from './direction-model';
import { trainAndStore } from './ml-direction-trainer';
import { createMlDirectionDefinition } from './ml-direction-strategy';
import { MlModelStore } from './ml-model-store';

const series: SeriesKey = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const candles = generateCandles(1_500, { seed: 5, stepMs: 3_600_000, start: Date.UTC(2024, 0, 1) });
const index = (name: string): number => MODEL_FEATURE_NAMES.indexOf(name);

/** A hand-set model: P(up) rises with one feature. Real weights, stored and loaded like a trained one. */
function handModel(feature: string, weight: number): NewDirectionModel {
  const weights = new Array<number>(MODEL_FEATURE_COUNT).fill(0);
  weights[index(feature)] = weight;
  return {
    kind: ML_DIRECTION_KIND,
    series,
    createdAt: 1,
    horizon: 6,
    deadZone: 0,
    l2: 0.01,
    featureNames: MODEL_FEATURE_NAMES,
    standardiser: { means: new Array<number>(MODEL_FEATURE_COUNT).fill(0), scales: new Array<number>(MODEL_FEATURE_COUNT).fill(1) },
    model: { weights, intercept: 0 },
    trainFrom: 0,
    trainTo: 1,
    trainRows: 100,
    scheme: { folds: 2, initialTrainShare: 0.5, purge: 6, window: 'expanding' },
    validation: {
      folds: [],
      overall: { count: 10, accuracy: 0.5, baselineAccuracy: 0.5, logLoss: 0.69, baselineLogLoss: 0.69, auc: 0.5, brier: 0.25, positiveRate: 0.5 },
    },
  };
}

function history(bars: readonly Candle[], t: number): CandleHistory {
  return { length: t + 1, at: (ago) => (ago <= t ? bars[t - ago] : undefined) };
}

function run(strategy: Strategy, bars: readonly Candle[], sentiment?: SentimentAggregate): { t: number; signal: StrategySignal }[] {
  const out: { t: number; signal: StrategySignal }[] = [];
  bars.forEach((candle, t) => {
    const result = strategy.onCandle({ series, candle, history: history(bars, t), sentiment });
    if (result) for (const signal of Array.isArray(result) ? result : [result]) out.push({ t, signal });
  });
  return out;
}

describe('ml-direction', () => {
  const dir = tempDir('stratus-ml-direction-');
  let db: Db;
  let store: MlModelStore;

  beforeAll(() => {
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
    store = new MlModelStore(db);
  });
  afterAll(() => {
    db.close();
    dir.remove();
  });

  it('refuses to start without a model, with the command that trains one', () => {
    const definition = createMlDirectionDefinition(store);
    expect(definition.apiVersion).toBe(STRATEGY_API_VERSION);
    expect(() => definition.create({ series, params: { threshold: 0.55 } })).toThrow(/stratus train ml-direction --venue binance --symbol BTC\/USDT --timeframe 1h/);
  });

  it('trains walk-forward on stored candles, stores versions, and the strategy uses the newest', () => {
    const repo = new CandleRepository(db);
    repo.upsertMany(series, candles, 0);
    const deps = { candles: repo, models: store, now: () => 1_700_000_000_000 };
    const first = trainAndStore(deps, { series, horizon: 6, folds: 3 });
    expect(first.version).toBe(1);
    expect(first.validation.folds).toHaveLength(3);
    for (const fold of first.validation.folds) expect(fold.validStart - fold.trainEnd).toBe(6);
    // A random walk has nothing to learn: out of sample the model is no better than chance.
    expect(Math.abs(first.validation.overall.auc - 0.5)).toBeLessThan(0.08);
    const second = trainAndStore(deps, { series, horizon: 6, folds: 3, from: candles[200]!.openTime });
    expect(second.version).toBe(2);
    const loaded = store.latest(series)!;
    expect(loaded.version).toBe(2);
    expect(loaded.trainFrom).toBeGreaterThanOrEqual(candles[200]!.openTime);
    expect(loaded.model.weights).toEqual(second.model.weights);
    expect(store.list(series).map((m) => m.version)).toEqual([2, 1]);
  });

  it('rejects bad training requests clearly', () => {
    const deps = { candles: new CandleRepository(db), models: store, now: () => 0 };
    expect(() => trainAndStore(deps, { series, horizon: 0 })).toThrow(/horizon/);
    expect(() => trainAndStore(deps, { series: { ...series, symbol: 'NOPE/USDT' }, horizon: 6 })).toThrow(/has 0 stored bars/);
    expect(() => trainAndStore(deps, { series, horizon: 6, from: 10, to: 5 })).toThrow(/from is after to/);
    expect(() => trainAndStore(deps, { series, horizon: 6, folds: 1_000 })).toThrow(/cannot train ml-direction/);
  });

  it('goes long after up moves and short after down moves with the probability, naming the features that drove it', () => {
    const key = { ...series, symbol: 'HAND/USDT' };
    const saved = store.save({ ...handModel('return1', 400), series: key });
    const strategy = createMlDirectionDefinition(store).create({ series: key, params: { threshold: 0.6 } });
    const signals = run(strategy, candles);
    expect(signals.length).toBeGreaterThan(10);
    for (const { t, signal } of signals) {
      const r = Math.log(candles[t]!.close / candles[t - 1]!.close);
      const pUp = 1 / (1 + Math.exp(-400 * r));
      if (signal.direction === 'long') expect(signal.probability).toBeCloseTo(pUp, 9);
      if (signal.direction === 'short') expect(signal.probability).toBeCloseTo(1 - pUp, 9);
      if (signal.direction !== 'flat') {
        expect(signal.probability!).toBeGreaterThanOrEqual(0.6);
        expect(signal.rationale).toMatch(/top log-odds contributions: return1 /);
      }
      expect(signal.rationale).toContain(`model v${saved.version}`);
    }
    expect(new Set(signals.map((s) => s.signal.direction))).toEqual(new Set(['long', 'short', 'flat']));
  });

  it('has no lookahead: the signals up to bar t are the same whether the data ends at t or continues', () => {
    const key = { ...series, symbol: 'HAND/USDT' };
    const definition = createMlDirectionDefinition(store);
    const full = run(definition.create({ series: key, params: { threshold: 0.6 } }), candles.slice(0, 400));
    for (const t of [80, 81, 150, 222, 399]) {
      const truncated = run(definition.create({ series: key, params: { threshold: 0.6 } }), candles.slice(0, t + 1));
      expect(truncated).toEqual(full.filter((s) => s.t <= t));
    }
  });

  it('runs without sentiment and uses it when present', () => {
    const key = { ...series, symbol: 'SENT/USDT' };
    store.save({ ...handModel('sentimentScore', 5), series: key });
    const definition = createMlDirectionDefinition(store);
    const without = run(definition.create({ series: key, params: { threshold: 0.6 } }), candles.slice(0, 200));
    expect(without.map((s) => s.signal.direction)).toEqual(['flat']);
    const bullish: SentimentAggregate = { symbol: 'BTC', window: '1h', at: 0, score: 0.5, confidence: 0.9, count: 4, spike: false };
    const withSentiment = run(definition.create({ series: key, params: { threshold: 0.6 } }), candles.slice(0, 200), bullish);
    expect(withSentiment[0]!.signal).toMatchObject({ direction: 'long' });
    expect(withSentiment[0]!.signal.rationale).toContain('sentimentScore +2.50');
  });

  it('rejects a threshold outside (0.5, 1) and a model trained on other features', () => {
    const definition = createMlDirectionDefinition(store);
    expect(() => definition.create({ series: { ...series, symbol: 'HAND/USDT' }, params: { threshold: 0.4 } })).toThrow(/threshold must be in/);
    const key = { ...series, symbol: 'OLD/USDT' };
    const old = handModel('return1', 1);
    store.save({ ...old, series: key, featureNames: ['x', ...MODEL_FEATURE_NAMES.slice(1)] });
    expect(() => definition.create({ series: key, params: { threshold: 0.6 } })).toThrow(/different feature set/);
  });

  it('reports a damaged stored model clearly', () => {
    const key = { ...series, symbol: 'BAD/USDT' };
    store.save({ ...handModel('return1', 1), series: key });
    db.prepare("UPDATE ml_models SET parameters = '{\"horizon\": -1}' WHERE symbol = 'BAD/USDT'").run();
    expect(() => store.latest(key)).toThrow(/stored ml-direction model \d+ \(binance BAD\/USDT 1h v1\) is damaged/);
  });
});
