/**
 * Feature vector, ml-direction training and ranking costs.
 * - Model feature vector (ModelFeatures): µs per bar over the 130,708-bar Binance 1-minute file (a generated
 *   walk when ../shared is absent), median of several runs; baseline: the technical FeatureVector it extends.
 * - ml-direction: walk-forward training (5 folds, purge = horizon, then the final fit) on the 58,419-bar hourly file.
 * - Ranking: 20 stored series of 2,000 hourly bars in a real SQLite file, `ranking.top` end to end.
 */
import { join } from 'node:path';
import { FeatureVector } from '../engine/features/feature-vector';
import { ModelFeatures } from '../engine/features/model-features';
import { toColumns } from '../engine/model/candle';
import { RankingService } from '../engine/ranking/ranking-service';
import { openDatabase } from '../engine/store/database';
import { CandleRepository } from '../engine/store/repositories/candle-repository';
import { trainDirectionModel } from '../engine/strategy/strategies/ml-direction/train-direction';
import { generateCandles } from '../engine/testing/candles';
import { tempDir } from '../engine/testing/temp-dir';
import { MINUTE_FILE, loadSharedCandles } from './shared-candles';
import { fmt, median, report } from './stats';

const RUNS = 7;


// Feature vector
const minute = loadSharedCandles(MINUTE_FILE, 130_708, 60_000);
const perBar: number[] = [];
let ready = 0;
for (let run = 0; run < RUNS; run++) {
  const fv = new ModelFeatures();
  let sink = 0;
  ready = 0;
  const began = performance.now();
  for (const c of minute.candles) {
    if (fv.update(c)) ready++;
    sink += fv.values[0]!;
  }
  perBar.push(((performance.now() - began) * 1000) / minute.candles.length);
  if (Number.isNaN(sink) && ready === 0) console.log('');
}
// Baseline: the technical FeatureVector alone (16 technical features), which ModelFeatures extends
// with a longer return, OBV slope, EMA(50) distance, candlestick patterns and the context features.
const baselinePerBar: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const technical = new FeatureVector();
  let sink = 0;
  const began = performance.now();
  for (const c of minute.candles) sink += technical.update(c)?.[0] ?? 0;
  baselinePerBar.push(((performance.now() - began) * 1000) / minute.candles.length);
  if (Number.isNaN(sink)) console.log('');
}
report(`feature vector (${new ModelFeatures().names.length} features), ${minute.source}`, [
  ['median µs per bar', fmt(median(perBar), 3)],
  ['baseline: technical FeatureVector alone, µs per bar', fmt(median(baselinePerBar), 3)],
  ['ratio model features / technical vector', fmt(median(perBar) / median(baselinePerBar), 2)],
  ['runs (µs per bar)', perBar.map((v) => fmt(v, 3)).join(', ')],
  ['bars with a complete vector', fmt(ready)],
  ['goal', '≤ 2 µs per bar'],
]);

// ml-direction walk-forward training
const hourly = loadSharedCandles('binance_BTCUSDT_1h_2017-08-17_2024-04-21.csv', 58_419, 3_600_000);
const columns = toColumns(hourly.candles);
const trainMs: number[] = [];
let model;
for (let run = 0; run < 3; run++) {
  const began = performance.now();
  model = trainDirectionModel({ series: { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, candles: columns, horizon: 12, now: Date.now() });
  trainMs.push(performance.now() - began);
}
const o = model!.validation.overall;
report(`ml-direction walk-forward training, ${hourly.source}`, [
  ['median s (5 folds + final fit)', fmt(median(trainMs) / 1000, 2)],
  ['runs (s)', trainMs.map((v) => fmt(v / 1000, 2)).join(', ')],
  ['validation rows', fmt(o.count)],
  ['accuracy vs majority baseline', `${fmt(o.accuracy * 100, 2)}% vs ${fmt(o.baselineAccuracy * 100, 2)}%`],
  ['AUC', fmt(o.auc, 4)],
  ['log-loss vs base rate', `${fmt(o.logLoss, 4)} vs ${fmt(o.baselineLogLoss, 4)}`],
  ['Brier', fmt(o.brier, 4)],
]);
for (const [i, f] of model!.validation.folds.entries()) {
  console.log(
    `    fold ${i + 1}: ${fmt(f.metrics.count)} rows ${new Date(f.validFrom).toISOString().slice(0, 10)}…${new Date(f.validTo).toISOString().slice(0, 10)} acc ${fmt(f.metrics.accuracy * 100, 2)}% (majority ${fmt(f.metrics.baselineAccuracy * 100, 2)}%) AUC ${fmt(f.metrics.auc, 4)} log-loss ${fmt(f.metrics.logLoss, 4)} (base ${fmt(f.metrics.baselineLogLoss, 4)})`,
  );
}

// Ranking over 20 stored series
const dir = tempDir('stratus-bench-ranking-');
try {
  const db = openDatabase({ path: join(dir.path, 'ranking.db') });
  const repo = new CandleRepository(db);
  const start = Date.UTC(2024, 0, 1);
  for (let s = 0; s < 20; s++) {
    const symbol = s === 0 ? 'BTC/USDT' : `C${s}/USDT`;
    repo.upsertMany({ venue: 'binance', symbol, timeframe: '1h' }, generateCandles(2_000, { start, stepMs: 3_600_000, seed: s + 1, price: 100 + s }), Date.now());
  }
  const service = new RankingService({ candles: repo, now: () => Date.now() });
  const rankMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const began = performance.now();
    service.top({ timeframe: '1h', top: 10 });
    rankMs.push(performance.now() - began);
  }
  report('ranking: 20 series × 2,000 hourly bars from SQLite', [
    ['median ms per ranking', fmt(median(rankMs), 1)],
    ['runs (ms)', rankMs.map((v) => fmt(v, 1)).join(', ')],
  ]);
  db.close();
} finally {
  dir.remove();
}
