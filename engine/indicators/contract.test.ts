/**
 * Every indicator honours the `Indicator` contract the same way: the first value arrives exactly at input
 * `warmUp`, `value`/`isReady` follow `update`, `reset()` returns it to a fresh state, and `indicatorSeries`
 * equals feeding one input at a time.
 */
import { describe, expect, it } from 'vitest';
import type { Candle } from '../model/candle';
import { Adx } from './adx';
import { Atr } from './atr';
import { BollingerBands } from './bollinger-bands';
import { Ema } from './ema';
import type { Indicator } from './indicator';
import { indicatorSeries } from './indicator-series';
import { Macd } from './macd';
import { Obv } from './obv';
import { RealizedVolatility } from './realized-volatility';
import { RollingCorrelation } from './rolling-correlation';
import { RollingZScore } from './rolling-z-score';
import { Rsi } from './rsi';
import { SessionVwap } from './session-vwap';
import { Sma } from './sma';
import { Stochastic } from './stochastic';
import { randomWalkCandles } from './test-candles';
import { Twap } from './twap';
import { WilderAverage } from './wilder-average';
import { Wma } from './wma';

const candles = randomWalkCandles(300, 7);
const closes = candles.map((c) => c.close);
const pairs = candles.map((c, i) => [c.close, Math.sin(i / 5) + c.volume] as const);

type Case = { name: string; make: () => Indicator<unknown, unknown>; inputs: readonly unknown[]; warmUp: number };
const price = (name: string, make: () => Indicator<number, unknown>, warmUp: number): Case => ({ name, make: make as Case['make'], inputs: closes, warmUp });
const bar = (name: string, make: () => Indicator<Candle, unknown>, warmUp: number): Case => ({ name, make: make as Case['make'], inputs: candles, warmUp });

const CASES: Case[] = [
  price('Sma(10)', () => new Sma(10), 10),
  price('Sma(1)', () => new Sma(1), 1),
  price('Ema(21)', () => new Ema(21), 21),
  price('Wma(9)', () => new Wma(9), 9),
  price('WilderAverage(14)', () => new WilderAverage(14), 14),
  price('Rsi(14)', () => new Rsi(14), 15),
  price('Macd(12,26,9)', () => new Macd(12, 26, 9), 34),
  price('BollingerBands(20,2)', () => new BollingerBands(20, 2), 20),
  price('RealizedVolatility(20)', () => new RealizedVolatility(20), 21),
  price('RollingZScore(20)', () => new RollingZScore(20), 20),
  bar('Atr(14)', () => new Atr(14), 14),
  bar('Adx(14)', () => new Adx(14), 28),
  bar('Stochastic(14,3,3)', () => new Stochastic(14, 3, 3), 18),
  bar('Stochastic(14,1,3)', () => new Stochastic(14, 1, 3), 16),
  bar('Obv', () => new Obv(), 1),
  bar('SessionVwap', () => new SessionVwap(), 1),
  bar('Twap(session)', () => new Twap(), 1),
  bar('Twap(rolling 30)', () => new Twap({ mode: 'rolling', period: 30 }), 30),
  { name: 'RollingCorrelation(20)', make: () => new RollingCorrelation(20) as Indicator<unknown, unknown>, inputs: pairs, warmUp: 20 },
];

describe('the Indicator contract', () => {
  it.each(CASES)('$name: first value exactly at input warmUp ($warmUp)', ({ make, inputs, warmUp }) => {
    const indicator = make();
    expect(indicator.warmUp).toBe(warmUp);
    inputs.forEach((input, i) => {
      const out = indicator.update(input);
      const due = i + 1 >= warmUp;
      expect(out !== undefined, `input ${i + 1}`).toBe(due);
      expect(indicator.isReady).toBe(due);
      expect(indicator.value).toEqual(out);
    });
  });

  it.each(CASES)('$name: reset() gives a fresh indicator and indicatorSeries equals one-by-one updates', ({ make, inputs }) => {
    const one = make();
    const streamed = inputs.map((input) => one.update(input));
    one.reset();
    expect(one.isReady).toBe(false);
    expect(one.value).toBeUndefined();
    const again = indicatorSeries(one, inputs);
    expect(again).toEqual(streamed);
    // Half-fed indicators are reset by indicatorSeries too.
    const partly = make();
    inputs.slice(0, 50).forEach((input) => partly.update(input));
    expect(indicatorSeries(partly, inputs)).toEqual(streamed);
  });

  it('rejects bad parameters with the range in the message', () => {
    expect(() => new Sma(0)).toThrow('Sma: period must be an integer ≥ 1, got 0');
    expect(() => new Ema(2.5)).toThrow('Ema: period must be an integer ≥ 1, got 2.5');
    expect(() => new Macd(26, 12, 9)).toThrow('Macd: fast (26) must be shorter than slow (12)');
    expect(() => new BollingerBands(20, -1)).toThrow('BollingerBands: multiplier must be a finite number > 0, got -1');
    expect(() => new RollingZScore(1)).toThrow('RollingZScore: period must be an integer ≥ 2, got 1');
    expect(() => new RealizedVolatility(20, { barsPerYear: 0 })).toThrow('barsPerYear must be a finite number > 0');
    expect(() => new SessionVwap({ sessionMs: 0 })).toThrow('SessionVwap: sessionMs must be a positive integer');
    expect(() => new Twap({ mode: 'session', sessionMs: 3_600_000, offsetMs: 3_600_000 })).toThrow('Twap: offsetMs must be an integer in [0, sessionMs)');
    expect(() => new Stochastic(14, 0, 3)).toThrow('Stochastic: kSmoothing must be an integer ≥ 1, got 0');
  });
});
