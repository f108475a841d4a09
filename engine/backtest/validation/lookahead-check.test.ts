import { describe, expect, it } from 'vitest';
import type { Candle, SeriesKey } from '../../model/candle';
import type { RegimeState } from '../../model/regime';
import { BUILTIN_STRATEGIES } from '../../strategy/strategies/builtin-strategies';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../strategy/strategy-api';
import { generateCandles } from '../../testing/candles';
import { lookaheadCheck } from './lookahead-check';

const series: SeriesKey = { venue: 'binance', symbol: 'BTCUSDT', timeframe: '1h' };
const candles = generateCandles(1_200, { seed: 99, stepMs: 3_600_000 });

/** Long when the NEXT bar closes higher: it finds the next bar in the data it was built from. */
function peekingStrategy(data: readonly Candle[]): StrategyDefinition {
  const next = new Map(data.map((c, i) => [c.openTime, data[i + 1]]));
  return {
    name: 'peeking',
    apiVersion: STRATEGY_API_VERSION,
    description: 'looks one bar ahead',
    parameters: [],
    warmUp: () => 1,
    create: () => {
      let side = 'flat';
      return {
        onCandle: ({ candle }) => {
          const after = next.get(candle.openTime);
          const want = after && after.close > candle.close ? 'long' : 'flat';
          if (want === side) return undefined;
          side = want;
          return { direction: want as 'long' | 'flat', strength: 1, rationale: 'the next bar says so' };
        },
      };
    },
  };
}

/** A "regime" labelled against the median close of all the data it was built from: parameter lookahead. */
function medianRegime(data: readonly Candle[]) {
  const closes = data.map((c) => c.close).sort((a, b) => a - b);
  const median = closes[Math.floor(closes.length / 2)]!;
  return {
    update: (candle: Candle): RegimeState => ({
      ...series,
      time: candle.openTime,
      receivedAt: candle.openTime,
      modelId: 'median',
      labels: ['trend-up', 'range'],
      probabilities: candle.close > median ? [1, 0] : [0, 1],
      regime: candle.close > median ? 'trend-up' : 'range',
      confidence: 1,
      expectedDuration: 1,
      transitions: [
        [1, 0],
        [0, 1],
      ],
    }),
  };
}

describe('lookahead check', () => {
  it('flags a strategy that reads the next bar', async () => {
    const report = await lookaheadCheck({ series, candles, build: (bars) => ({ definition: peekingStrategy(bars), params: {} }), cuts: 30 });
    expect(report.passed).toBe(false);
    expect(report.signals).toBeGreaterThan(50);
    expect(report.findings.some((f) => f.kind === 'signal-changed' || f.kind === 'signal-missing' || f.kind === 'signal-added')).toBe(true);
  });

  it('flags a regime fitted on the whole history (an indicator that changes when the data is cut)', async () => {
    const smaCross = BUILTIN_STRATEGIES.find((s) => s.name === 'sma-cross')!;
    const report = await lookaheadCheck({
      series,
      candles,
      build: (bars) => ({ definition: smaCross, params: { fast: 5, slow: 20 }, regime: medianRegime(bars) }),
      cuts: 20,
    });
    expect(report.passed).toBe(false);
    expect(report.findings.some((f) => f.kind === 'indicator-changed')).toBe(true);
  });

  for (const definition of BUILTIN_STRATEGIES) {
    it(`passes the built-in ${definition.name}`, async () => {
      const params: Record<string, number> = definition.name === 'rsi-reversion' ? { rsiPeriod: 7, bbPeriod: 14, lower: 35, upper: 65 } : definition.name === 'sma-cross' ? { fast: 5, slow: 20 } : {};
      const report = await lookaheadCheck({ series, candles, build: () => ({ definition, params }), cuts: 25 });
      expect(report.findings).toEqual([]);
      expect(report.passed).toBe(true);
      expect(report.signals).toBeGreaterThan(3);
      expect(report.cuts).toBeGreaterThan(3); // one cut per bar that signalled (a reversal signals twice on one bar)
    });
  }
});
