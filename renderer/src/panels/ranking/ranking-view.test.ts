import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../engine-client/api-types';
import { barTone, barWidth, directionArrow, latestModels, modelLine } from './ranking-view';

const model = (symbol: string, version: number, createdAt: number): ModelSummary => ({
  id: version,
  kind: 'ml-direction',
  series: { venue: 'binance', symbol, timeframe: '1h' },
  version,
  createdAt,
  horizon: 12,
  deadZone: 0,
  l2: 0.01,
  featureNames: [],
  trainFrom: 0,
  trainTo: 1,
  trainRows: 1,
  scheme: { folds: 5, initialTrainShare: 0.5, purge: 12, window: 'expanding' },
  validation: {
    folds: [],
    overall: { count: 100, accuracy: 0.5244, baselineAccuracy: 0.5064, logLoss: 0.691, baselineLogLoss: 0.6938, auc: 0.5386, brier: 0.2489, positiveRate: 0.5 },
  },
  topWeights: [],
});

describe('ranking view helpers', () => {
  it('draws bars in percent and clamps what is out of range', () => {
    expect([0, 0.255, 1, 1.7, -0.2, null, Number.NaN].map(barWidth)).toEqual([0, 26, 100, 100, 0, 0, 0]);
  });

  it('colours anomalies the other way round from every other dimension', () => {
    expect(barTone('trend', 0.8)).toBe('good');
    expect(barTone('anomalies', 0.8)).toBe('bad');
    expect(barTone('anomalies', 0)).toBe('good');
    expect(barTone('liquidity', 0.4)).toBe('mid');
    expect(barTone('sentiment', null)).toBe('none');
  });

  it('keeps the newest model version per series and describes it against its baseline', () => {
    const latest = latestModels([model('BTC/USDT', 1, 10), model('BTC/USDT', 2, 20), model('ETH/USDT', 1, 15)]);
    expect(latest.map((m) => `${m.series.symbol} v${m.version}`)).toEqual(['BTC/USDT v2', 'ETH/USDT v1']);
    expect(modelLine(latest[0]!)).toBe('BTC/USDT 1h v2 · h=12 · acc 52.4% vs 50.6% · AUC 0.539 · log-loss 0.691 (base 0.694)');
    expect(['up', 'down', 'none'].map((d) => directionArrow(d as 'up'))).toEqual(['▲', '▼', '–']);
  });
});
