import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCandleCsv } from '../../data/csv-candles';
import type { Candle, SeriesKey } from '../../model/candle';
import type { Signal } from '../../model/signal';
import { generateCandles } from '../../testing/candles';
import { seededRandom } from '../../testing/random';
import { replaySignals } from '../replay';
import type { ContextProviders } from '../series-pipeline';
import type { StrategyDefinition } from '../strategy-api';
import { BUILTIN_STRATEGIES } from './builtin-strategies';

const HOURLY = fileURLToPath(new URL('../../../../shared/data/candles/binance_BTCUSDT_1h_2017-08-17_2024-04-21.csv', import.meta.url));
const shared = existsSync(HOURLY);
if (!shared) console.warn('skipping the no-lookahead check on real candles: ../shared/data is not present');

/**
 * Sentiment and flow that change over time as functions of the close time only, so that any use of
 * a later value than the bar's own would change earlier signals.
 */
const context: ContextProviders = {
  sentiment: (_s, at) => ({ symbol: 'BTC', window: '1h', at, score: Math.sin(at / 7_200_000), confidence: 0.8, count: 4, spike: false }),
  flow: (_s, at) => {
    const r = seededRandom(Math.floor(at / 3_600_000))();
    return { asset: 'BTC', inflow: 1_000 * r, outflow: 1_000 * (1 - r), netFlow: 1_000 * (2 * r - 1), at };
  },
};

/** Signals up to bar t must be the same whether the data ends at t or continues. */
function checkTruncations(definition: StrategyDefinition, params: Record<string, unknown>, series: SeriesKey, candles: Candle[], cuts: number) {
  const run = (bars: Candle[]): Signal[] => replaySignals({ series, strategies: [{ definition, params }], candles: bars, context }).signals;
  const full = run(candles);
  const step = Math.max(1, Math.floor(candles.length / cuts));
  let compared = 0;
  for (let t = 1; t <= candles.length; t += step) {
    const last = candles[t - 1]!.openTime;
    // Fresh bar objects: a strategy holding on to the full run's bars must not matter.
    const prefix = candles.slice(0, t).map((c) => ({ ...c }));
    expect(run(prefix), `${definition.name} ${JSON.stringify(params)} with data ending at bar ${t - 1}`).toEqual(full.filter((s) => s.time <= last));
    compared += 1;
  }
  return { signals: full.length, compared };
}

const variants: Record<string, Record<string, unknown>[]> = {
  'sma-cross': [{ fast: 5, slow: 20 }, { fast: 5, slow: 20, reverse: true, targetAtr: 2 }],
  'rsi-reversion': [{ rsiPeriod: 7, bbPeriod: 14, lower: 35, upper: 65 }, { rsiPeriod: 7, bbPeriod: 14, lower: 35, upper: 65, useSentiment: false }],
  'trend-follow': [{ fast: 6, slow: 18, signal: 5, adxPeriod: 7, adxMin: 15, flowMin: 0 }],
};

describe('no lookahead: a signal at bar t does not depend on bars after t', () => {
  const walk = generateCandles(1_500, { seed: 1234, stepMs: 3_600_000 });
  const series: SeriesKey = { venue: 'binance', symbol: 'BTCUSDT', timeframe: '1h' };

  it('covers every built-in strategy', () => {
    expect(Object.keys(variants).sort()).toEqual(BUILTIN_STRATEGIES.map((s) => s.name).filter((n) => n !== 'ml-direction').sort());
  });

  for (const definition of BUILTIN_STRATEGIES.filter((s) => s.name in variants)) {
    for (const params of variants[definition.name]!) {
      it(`${definition.name} ${JSON.stringify(params)} on a seeded random walk`, () => {
        const { signals, compared } = checkTruncations(definition, params, series, walk, 60);
        expect(signals).toBeGreaterThan(5);
        expect(compared).toBeGreaterThanOrEqual(60);
      });
    }
  }

  describe.skipIf(!shared)('on real BTC/USDT hourly candles (needs ../shared/data)', () => {
    const candles = shared ? parseCandleCsv(readFileSync(HOURLY, 'utf8')).candles.slice(20_000, 23_000) : [];
    for (const definition of BUILTIN_STRATEGIES.filter((s) => s.name in variants)) {
      it(`${definition.name} with default parameters`, () => {
        const { signals } = checkTruncations(definition, {}, series, candles, 40);
        expect(signals).toBeGreaterThan(3);
      });
    }
  });
});
