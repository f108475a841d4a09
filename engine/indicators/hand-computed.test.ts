/** Small cases worked by hand: each expected number is written out from the definition in docs/indicators.md. */
import { describe, expect, it } from 'vitest';
import type { Candle } from '../model/candle';
import { Adx } from './adx';
import { BollingerBands } from './bollinger-bands';
import { Ema } from './ema';
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
import { Twap } from './twap';
import { WilderAverage } from './wilder-average';
import { Wma } from './wma';

const bar = (openTime: number, high: number, low: number, close: number, volume = 1, open = close): Candle => ({ openTime, open, high, low, close, volume });
const HOUR = 3_600_000;

describe('moving averages by hand', () => {
  it('SMA(3) of 1..5 is 2, 3, 4', () => {
    expect(indicatorSeries(new Sma(3), [1, 2, 3, 4, 5])).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it('WMA(3) weights 1, 2, 3 from oldest to newest', () => {
    const w = indicatorSeries(new Wma(3), [1, 2, 3, 4, 10]);
    expect(w[2]).toBeCloseTo((1 + 4 + 9) / 6, 12);
    expect(w[3]).toBeCloseTo((2 + 6 + 12) / 6, 12);
    expect(w[4]).toBeCloseTo((3 + 8 + 30) / 6, 12);
  });

  it('EMA(3) starts from the SMA of the first three, then alpha = 1/2', () => {
    expect(indicatorSeries(new Ema(3), [1, 2, 3, 7, 1])).toEqual([undefined, undefined, 2, 4.5, 2.75]);
  });

  it("Wilder's average(3) starts from the mean, then alpha = 1/3", () => {
    expect(indicatorSeries(new WilderAverage(3), [3, 6, 9, 12])).toEqual([undefined, undefined, 6, 8]);
  });

  it('MACD(2, 3, 2): fast minus slow, SMA-seeded signal, histogram their gap', () => {
    const xs = [1, 2, 4, 8, 16];
    // fast EMA(2), alpha 2/3: seed 1.5 at x2, then 1.5 + 2/3·2.5 = 3.1667, then + 2/3·(8 − 3.1667) …
    const fast = [undefined, 1.5, 1.5 + (2 / 3) * (4 - 1.5)];
    fast.push((fast[2] as number) + (2 / 3) * (8 - (fast[2] as number)));
    fast.push((fast[3] as number) + (2 / 3) * (16 - (fast[3] as number)));
    // slow EMA(3), alpha 1/2: seed 7/3 at x3, then (7/3 + 8)/2, then (… + 16)/2
    const slow3 = 7 / 3;
    const slow4 = (slow3 + 8) / 2;
    const slow5 = (slow4 + 16) / 2;
    const macd3 = (fast[2] as number) - slow3;
    const macd4 = (fast[3] as number) - slow4;
    const macd5 = (fast[4] as number) - slow5;
    const signal4 = (macd3 + macd4) / 2;
    const signal5 = signal4 + (2 / 3) * (macd5 - signal4);
    const out = indicatorSeries(new Macd(2, 3, 2), xs);
    expect(out.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(out[3]?.macd).toBeCloseTo(macd4, 12);
    expect(out[3]?.signal).toBeCloseTo(signal4, 12);
    expect(out[4]?.macd).toBeCloseTo(macd5, 12);
    expect(out[4]?.signal).toBeCloseTo(signal5, 12);
    expect(out[4]?.histogram).toBeCloseTo(macd5 - signal5, 12);
  });
});

describe('oscillators by hand', () => {
  it('RSI(2): 100 after two gains, then 50 after a loss of the same size (Wilder: avg = avg + (x − avg)/2)', () => {
    expect(indicatorSeries(new Rsi(2), [1, 2, 3, 2])).toEqual([undefined, undefined, 100, 50]);
  });

  it('RSI reads 50 on a flat series and 0 on a steady fall', () => {
    expect(indicatorSeries(new Rsi(3), [5, 5, 5, 5, 5]).at(-1)).toBe(50);
    expect(indicatorSeries(new Rsi(3), [9, 8, 7, 6, 5]).at(-1)).toBe(0);
  });

  it('Stochastic(3, 1, 2): raw %K from the 3-bar range, %D its 2-bar mean; a flat range reads 50', () => {
    const bars = [bar(0, 10, 8, 9), bar(1, 12, 9, 11), bar(2, 13, 10, 12), bar(3, 14, 11, 11), bar(4, 11, 11, 11)];
    const out = indicatorSeries(new Stochastic(3, 1, 2), bars);
    const k3 = (100 * (12 - 8)) / (13 - 8); // window bars 0–2
    const k4 = (100 * (11 - 9)) / (14 - 9); // window bars 1–3
    expect(out[2]).toBeUndefined();
    expect(out[3]?.k).toBeCloseTo(k4, 12);
    expect(out[3]?.d).toBeCloseTo((k3 + k4) / 2, 12);
    const k5 = (100 * (11 - 10)) / (14 - 10);
    expect(out[4]?.k).toBeCloseTo(k5, 12);
    const flat = indicatorSeries(new Stochastic(2, 1, 1), [bar(0, 5, 5, 5), bar(1, 5, 5, 5)]);
    expect(flat[1]).toEqual({ k: 50, d: 50 });
  });

  it('Stochastic %K smoothing: slow %K is the SMA of raw %K', () => {
    const bars = [bar(0, 10, 8, 9), bar(1, 12, 9, 11), bar(2, 13, 10, 12), bar(3, 14, 11, 11)];
    // 2-bar windows: bars 0–1 → 100·(11 − 8)/(12 − 8); bars 1–2 → 100·(12 − 9)/(13 − 9); bars 2–3 → 100·(11 − 10)/(14 − 10)
    const raw = [75, 75, 25];
    const out = indicatorSeries(new Stochastic(2, 2, 2), bars);
    expect(out[3]?.k).toBeCloseTo((raw[1]! + raw[2]!) / 2, 12);
    expect(out[3]?.d).toBeCloseTo(((raw[0]! + raw[1]!) / 2 + (raw[1]! + raw[2]!) / 2) / 2, 12);
  });

  it('ADX(2) worked bar by bar: +DM/−DM/TR, Wilder-smoothed DIs, DX, ADX', () => {
    const bars = [bar(0, 10, 8, 9), bar(1, 12, 9, 11), bar(2, 13, 11, 12), bar(3, 12, 10, 10), bar(4, 11, 9, 10)];
    // bar1: +DM 2, −DM 0, TR 3; bar2: +DM 1, −DM 0, TR 2 → seeds TR 2.5, +DM 1.5, −DM 0 → +DI 60, −DI 0, DX 100
    // bar3: +DM 0, −DM 1, TR 2 → TR 2.25, +DM 0.75, −DM 0.5 → +DI 33.33, −DI 22.22, DX 20 → ADX (100+20)/2 = 60
    // bar4: +DM 0, −DM 1, TR 2 → TR 2.125, +DM 0.375, −DM 0.75 → +DI 17.65, −DI 35.29, DX 33.33 → ADX 60 + (33.33 − 60)/2
    const out = indicatorSeries(new Adx(2), bars);
    expect(out.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(out[3]?.plusDi).toBeCloseTo(100 / 3, 10);
    expect(out[3]?.minusDi).toBeCloseTo(200 / 9, 10);
    expect(out[3]?.dx).toBeCloseTo(20, 10);
    expect(out[3]?.adx).toBeCloseTo(60, 10);
    expect(out[4]?.plusDi).toBeCloseTo((100 * 0.375) / 2.125, 10);
    expect(out[4]?.minusDi).toBeCloseTo((100 * 0.75) / 2.125, 10);
    expect(out[4]?.dx).toBeCloseTo(100 / 3, 10);
    expect(out[4]?.adx).toBeCloseTo(60 + (100 / 3 - 60) / 2, 10);
  });
});

describe('volume and session indicators by hand', () => {
  it('OBV: 0 on the first bar, + volume on an up close, − on a down close, unchanged when equal', () => {
    const bars = [bar(0, 10, 10, 10, 5), bar(1, 11, 11, 11, 6), bar(2, 11, 11, 11, 7), bar(3, 9, 9, 9, 8)];
    expect(indicatorSeries(new Obv(), bars)).toEqual([0, 6, 6, -2]);
  });

  it('session VWAP restarts at 00:00 UTC and weights typical prices by volume', () => {
    const day = Date.UTC(2025, 4, 20);
    const bars = [
      bar(day + 22 * HOUR, 12, 8, 10, 1), // typical 10
      bar(day + 23 * HOUR, 22, 18, 20, 3), // typical 20 → (10 + 60)/4 = 17.5
      bar(day + 24 * HOUR, 33, 27, 30, 2), // new UTC day: 30
      bar(day + 25 * HOUR, 0.5 * 3, 0, 1.5, 0), // no volume: unchanged 30
    ];
    expect(indicatorSeries(new SessionVwap(), bars)).toEqual([10, 17.5, 30, 30]);
    // Hourly sessions starting at :30 past the hour.
    const half = indicatorSeries(new SessionVwap({ sessionMs: HOUR, offsetMs: HOUR / 2 }), [
      bar(day + HOUR / 2, 10, 10, 10, 1),
      bar(day + HOUR / 2 + 1_800_000 - 60_000, 20, 20, 20, 1),
      bar(day + HOUR + HOUR / 2, 40, 40, 40, 1),
    ]);
    expect(half).toEqual([10, 15, 40]);
  });

  it('the first bar of a session with no volume reads its typical price', () => {
    expect(indicatorSeries(new SessionVwap(), [bar(0, 12, 6, 9, 0)])).toEqual([9]);
  });

  it('TWAP averages OHLC/4 per bar, rolling or per session', () => {
    const day = Date.UTC(2025, 4, 20);
    const bars = [bar(day, 14, 6, 10, 1, 10), bar(day + HOUR, 24, 16, 20, 1, 20), bar(day + 24 * HOUR, 34, 26, 30, 1, 30)];
    expect(indicatorSeries(new Twap(), bars)).toEqual([10, 15, 30]);
    expect(indicatorSeries(new Twap({ mode: 'rolling', period: 2 }), bars)).toEqual([undefined, 15, 25]);
  });
});

describe('statistics by hand', () => {
  it('Bollinger(3, 2): population std, bandwidth as a ratio, %B; a flat window has %B 0.5', () => {
    const out = indicatorSeries(new BollingerBands(3, 2), [1, 2, 3]);
    const std = Math.sqrt(2 / 3);
    expect(out[2]?.middle).toBe(2);
    expect(out[2]?.upper).toBeCloseTo(2 + 2 * std, 12);
    expect(out[2]?.lower).toBeCloseTo(2 - 2 * std, 12);
    expect(out[2]?.bandwidth).toBeCloseTo((4 * std) / 2, 12);
    expect(out[2]?.percentB).toBeCloseTo((3 - (2 - 2 * std)) / (4 * std), 12);
    expect(indicatorSeries(new BollingerBands(3, 2), [5, 5, 5])[2]).toEqual({ middle: 5, upper: 5, lower: 5, bandwidth: 0, percentB: 0.5 });
  });

  it('rolling z-score(3) of 1, 2, 3 is 1/√(2/3); a flat window reads 0', () => {
    expect(indicatorSeries(new RollingZScore(3), [1, 2, 3])[2]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
    expect(indicatorSeries(new RollingZScore(3), [4, 4, 4])[2]).toBe(0);
  });

  it('realised volatility(3): sample std of log returns, annualised by √barsPerYear', () => {
    const closes = [100, 110, 99, 108.9];
    const r = [Math.log(1.1), Math.log(0.9), Math.log(1.1)];
    const mean = (r[0]! + r[1]! + r[2]!) / 3;
    const sample = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(indicatorSeries(new RealizedVolatility(3), closes)[3]).toBeCloseTo(sample, 12);
    expect(indicatorSeries(new RealizedVolatility(3, { barsPerYear: 365 }), closes)[3]).toBeCloseTo(sample * Math.sqrt(365), 10);
  });

  it('rolling correlation: +1 on a line, −1 on a falling line, NaN when one side is flat', () => {
    const line = [1, 2, 3, 4, 5].map((x) => [x, 3 * x + 1] as const);
    const falling = [1, 2, 3, 4, 5].map((x) => [x, 10 - 2 * x] as const);
    const flat = [1, 2, 3].map((x) => [x, 7] as const);
    expect(indicatorSeries(new RollingCorrelation(3), line).at(-1)).toBeCloseTo(1, 12);
    expect(indicatorSeries(new RollingCorrelation(3), falling).at(-1)).toBeCloseTo(-1, 12);
    expect(indicatorSeries(new RollingCorrelation(3), flat).at(-1)).toBeNaN();
    // x = (1, 2, 4), y = (1, 3, 2): means 7/3 and 2; Sxy = 1, Sxx = 14/3, Syy = 2
    expect(indicatorSeries(new RollingCorrelation(3), [[1, 1], [2, 3], [4, 2]])[2]).toBeCloseTo(1 / Math.sqrt((14 / 3) * 2), 12);
  });
});
