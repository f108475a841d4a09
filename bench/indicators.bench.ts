/**
 * Indicator update cost, median ns per update over several runs, on the 130,708-bar Binance BTC/USDT
 * 1-minute file (a seeded random walk of the same length when ../shared/data is absent). Each indicator
 * runs in its own loop so every call site stays monomorphic, as in a strategy that holds its indicators.
 * Baseline: trading-signals 8.3.0, the same indicator fed the same inputs, where it has one; the ratio is
 * library time / Stratus time. Goals: ≤ 50 ns per update for EMA and RSI; ≤ 2 µs for the full feature
 * vector of a bar (16 features from 12 indicators).
 */
import { cpus, loadavg } from 'node:os';
import * as ts from 'trading-signals';
import { FeatureVector } from '../engine/features/feature-vector';
import { Adx } from '../engine/indicators/adx';
import { Atr } from '../engine/indicators/atr';
import { BollingerBands } from '../engine/indicators/bollinger-bands';
import { Ema } from '../engine/indicators/ema';
import { Macd } from '../engine/indicators/macd';
import { Obv } from '../engine/indicators/obv';
import { RealizedVolatility } from '../engine/indicators/realized-volatility';
import { RollingCorrelation } from '../engine/indicators/rolling-correlation';
import { RollingZScore } from '../engine/indicators/rolling-z-score';
import { Rsi } from '../engine/indicators/rsi';
import { SessionVwap } from '../engine/indicators/session-vwap';
import { Sma } from '../engine/indicators/sma';
import { Stochastic } from '../engine/indicators/stochastic';
import { Twap } from '../engine/indicators/twap';
import { Wma } from '../engine/indicators/wma';
import type { Candle } from '../engine/model/candle';
import { MINUTE_FILE, loadSharedCandles } from './shared-candles';
import { fmt, median, report, timedRuns } from './stats';

const RUNS = 9;
const { candles, source } = loadSharedCandles(MINUTE_FILE, 130_708, 60_000);
const closes = candles.map((c) => c.close);
const volumes = candles.map((c) => c.volume);
const n = closes.length;
/** Median ns per update over RUNS timed runs. */
function measure(run: () => number): number {
  return median(timedRuns(RUNS, run).map((ns) => ns / n));
}

// One explicit loop per indicator (see the header). Each returns a checksum so nothing is optimised away.
const ours: Record<string, () => number> = {
  'SMA(20)': () => { const x = new Sma(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(closes[i] as number) ?? 0; return s; },
  'EMA(21)': () => { const x = new Ema(21); let s = 0; for (let i = 0; i < n; i++) s += x.update(closes[i] as number) ?? 0; return s; },
  'WMA(20)': () => { const x = new Wma(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(closes[i] as number) ?? 0; return s; },
  'RSI(14)': () => { const x = new Rsi(14); let s = 0; for (let i = 0; i < n; i++) s += x.update(closes[i] as number) ?? 0; return s; },
  'MACD(12,26,9)': () => { const x = new Macd(); let s = 0; for (let i = 0; i < n; i++) s += x.update(closes[i] as number)?.histogram ?? 0; return s; },
  'Bollinger(20,2)': () => { const x = new BollingerBands(20, 2); let s = 0; for (let i = 0; i < n; i++) s += x.update(closes[i] as number)?.upper ?? 0; return s; },
  'ATR(14)': () => { const x = new Atr(14); let s = 0; for (let i = 0; i < n; i++) s += x.update(candles[i] as Candle) ?? 0; return s; },
  'ADX(14)': () => { const x = new Adx(14); let s = 0; for (let i = 0; i < n; i++) s += x.update(candles[i] as Candle)?.adx ?? 0; return s; },
  'Stochastic(14,3,3)': () => { const x = new Stochastic(14, 3, 3); let s = 0; for (let i = 0; i < n; i++) s += x.update(candles[i] as Candle)?.k ?? 0; return s; },
  OBV: () => { const x = new Obv(); let s = 0; for (let i = 0; i < n; i++) s += x.update(candles[i] as Candle); return s; },
  'Session VWAP': () => { const x = new SessionVwap(); let s = 0; for (let i = 0; i < n; i++) s += x.update(candles[i] as Candle); return s; },
  'TWAP(rolling 60)': () => { const x = new Twap({ mode: 'rolling', period: 60 }); let s = 0; for (let i = 0; i < n; i++) s += x.update(candles[i] as Candle) ?? 0; return s; },
  'Realised vol(20)': () => { const x = new RealizedVolatility(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(closes[i] as number) ?? 0; return s; },
  'Z-score(20)': () => { const x = new RollingZScore(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(closes[i] as number) ?? 0; return s; },
  'Correlation(20)': () => {
    const x = new RollingCorrelation(20);
    const pair: [number, number] = [0, 0];
    let s = 0;
    for (let i = 0; i < n; i++) {
      pair[0] = closes[i] as number;
      pair[1] = volumes[i] as number;
      s += x.update(pair) ?? 0;
    }
    return s;
  },
  'Feature vector (16)': () => { const x = new FeatureVector(); let s = 0; for (let i = 0; i < n; i++) s += x.update(candles[i] as Candle)?.[0] ?? 0; return s; },
};

const library: Record<string, () => number> = {
  'SMA(20)': () => { const x = new ts.SMA(20); let s = 0; for (let i = 0; i < n; i++) s += x.add(closes[i] as number) ?? 0; return s; },
  'EMA(21)': () => { const x = new ts.EMA(21); let s = 0; for (let i = 0; i < n; i++) s += x.add(closes[i] as number) ?? 0; return s; },
  'WMA(20)': () => { const x = new ts.WMA(20); let s = 0; for (let i = 0; i < n; i++) s += x.add(closes[i] as number) ?? 0; return s; },
  'RSI(14)': () => { const x = new ts.RSI(14); let s = 0; for (let i = 0; i < n; i++) s += x.add(closes[i] as number) ?? 0; return s; },
  'MACD(12,26,9)': () => { const x = new ts.MACD(new ts.EMA(12), new ts.EMA(26), new ts.EMA(9)); let s = 0; for (let i = 0; i < n; i++) s += x.add(closes[i] as number)?.histogram ?? 0; return s; },
  'Bollinger(20,2)': () => { const x = new ts.BollingerBands(20, 2); let s = 0; for (let i = 0; i < n; i++) s += x.add(closes[i] as number)?.upper ?? 0; return s; },
  'ATR(14)': () => { const x = new ts.ATR(14); let s = 0; for (let i = 0; i < n; i++) s += x.add(candles[i] as Candle) ?? 0; return s; },
  'ADX(14)': () => { const x = new ts.ADX(14); let s = 0; for (let i = 0; i < n; i++) s += x.add(candles[i] as Candle) ?? 0; return s; },
  'Stochastic(14,3,3)': () => { const x = new ts.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 }); let s = 0; for (let i = 0; i < n; i++) s += x.add(candles[i] as Candle)?.stochK ?? 0; return s; },
  OBV: () => { const x = new ts.OBV(2); let s = 0; for (let i = 0; i < n; i++) s += x.add(candles[i] as Candle) ?? 0; return s; },
};

const rows: [string, string][] = [];
const figures: Record<string, { ours: number; library?: number }> = {};
for (const [name, run] of Object.entries(ours)) {
  const mine = measure(run);
  const theirs = library[name] ? measure(library[name]) : undefined;
  figures[name] = theirs === undefined ? { ours: mine } : { ours: mine, library: theirs };
  const goal = name === 'EMA(21)' || name === 'RSI(14)' ? '  goal ≤ 50 ns' : name.startsWith('Feature vector') ? '  goal ≤ 2,000 ns' : '';
  const baseline = theirs === undefined ? 'no library equivalent' : `trading-signals ${fmt(theirs, 1)} ns  ratio ${fmt(theirs / mine, 1)}×`;
  rows.push([name, `${fmt(mine, 1).padStart(7)} ns/update   ${baseline}${goal}`]);
}
report(`Indicator update cost: ${fmt(n)} updates on ${source}, median of ${RUNS} runs (Node ${process.versions.node}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)})`, rows);
