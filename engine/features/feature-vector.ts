import type { Candle } from '../model/candle';
import { Adx } from '../indicators/adx';
import { Atr } from '../indicators/atr';
import { BollingerBands } from '../indicators/bollinger-bands';
import { Ema } from '../indicators/ema';
import { Macd } from '../indicators/macd';
import { RealizedVolatility } from '../indicators/realized-volatility';
import { RingBuffer } from '../indicators/ring-buffer';
import { RollingZScore } from '../indicators/rolling-z-score';
import { Rsi } from '../indicators/rsi';
import { SessionVwap } from '../indicators/session-vwap';
import { Stochastic } from '../indicators/stochastic';

/**
 * The technical features of one bar, in a fixed order, scaled to be comparable across prices and
 * symbols (ratios, returns, oscillators over 100). Models and the regime detector read them by name.
 */
export const FEATURE_NAMES = [
  /** ln(close / previous close) */
  'return1',
  /** ln(close / close 5 bars ago) */
  'return5',
  /** ln(close / close 20 bars ago) */
  'return20',
  /** Sample std of the last 20 one-bar log returns (not annualised). */
  'realizedVol20',
  /** RSI(14) / 100 − 0.5: −0.5 … 0.5. */
  'rsi14',
  /** MACD(12, 26, 9) histogram / close. */
  'macdHistogram',
  /** Bollinger(20, 2) %B − 0.5. */
  'bollingerPercentB',
  /** Bollinger(20, 2) bandwidth (upper − lower) / middle. */
  'bollingerBandwidth',
  /** ADX(14) / 100. */
  'adx14',
  /** (+DI − −DI) / 100 of ADX(14): the trend's direction. */
  'diSpread',
  /** ATR(14) / close. */
  'atrRatio',
  /** Stochastic(14, 3, 3) %K / 100 − 0.5. */
  'stochasticK',
  /** Rolling z-score of volume over 20 bars. */
  'volumeZ20',
  /** Rolling z-score of the close over 20 bars. */
  'closeZ20',
  /** EMA(9) / EMA(21) − 1. */
  'emaSpread',
  /** close / session VWAP (UTC day) − 1. */
  'vwapDistance',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/**
 * Streaming feature vector: one closed candle in, the bar's features out (or `undefined` until every
 * component has warmed up, `warmUp` bars). Every component is an O(1) indicator, so a bar costs a few
 * hundred nanoseconds. `update` fills and returns the same Float64Array each time: copy it to keep it.
 */
export class FeatureVector {
  readonly names = FEATURE_NAMES;
  readonly warmUp: number;
  private readonly out = new Float64Array(FEATURE_NAMES.length);
  private readonly closes = new RingBuffer(21);
  private readonly rv = new RealizedVolatility(20);
  private readonly rsi = new Rsi(14);
  private readonly macd = new Macd(12, 26, 9);
  private readonly bands = new BollingerBands(20, 2);
  private readonly adx = new Adx(14);
  private readonly atr = new Atr(14);
  private readonly stochastic = new Stochastic(14, 3, 3);
  private readonly volumeZ = new RollingZScore(20);
  private readonly closeZ = new RollingZScore(20);
  private readonly fast = new Ema(9);
  private readonly slow = new Ema(21);
  private readonly vwap = new SessionVwap();
  private seen = 0;

  constructor() {
    this.warmUp = Math.max(
      21, // return20 needs the close 20 bars back
      this.rv.warmUp,
      this.rsi.warmUp,
      this.macd.warmUp,
      this.bands.warmUp,
      this.adx.warmUp,
      this.atr.warmUp,
      this.stochastic.warmUp,
      this.volumeZ.warmUp,
      this.closeZ.warmUp,
      this.slow.warmUp,
    );
  }

  update(bar: Candle): Float64Array | undefined {
    const close = bar.close;
    const closes = this.closes;
    const previous = closes.last();
    closes.push(close);
    const rv = this.rv.update(close);
    const rsi = this.rsi.update(close);
    const macd = this.macd.update(close);
    const bands = this.bands.update(close);
    const adx = this.adx.update(bar);
    const atr = this.atr.update(bar);
    const stochastic = this.stochastic.update(bar);
    const volumeZ = this.volumeZ.update(bar.volume);
    const closeZ = this.closeZ.update(close);
    const fast = this.fast.update(close);
    const slow = this.slow.update(close);
    const vwap = this.vwap.update(bar);
    if (++this.seen < this.warmUp) return undefined;
    // Every component is ready from `warmUp` on; the checks keep the types honest.
    if (rv === undefined || rsi === undefined || macd === undefined || bands === undefined || adx === undefined) return undefined;
    if (atr === undefined || stochastic === undefined || volumeZ === undefined || closeZ === undefined || fast === undefined || slow === undefined) return undefined;
    const out = this.out;
    out[0] = Math.log(close / previous);
    out[1] = Math.log(close / closes.at(closes.size - 6));
    out[2] = Math.log(close / closes.at(0));
    out[3] = rv;
    out[4] = rsi / 100 - 0.5;
    out[5] = macd.histogram / close;
    out[6] = bands.percentB - 0.5;
    out[7] = bands.bandwidth;
    out[8] = adx.adx / 100;
    out[9] = (adx.plusDi - adx.minusDi) / 100;
    out[10] = atr / close;
    out[11] = stochastic.k / 100 - 0.5;
    out[12] = volumeZ;
    out[13] = closeZ;
    out[14] = fast / slow - 1;
    out[15] = close / vwap - 1;
    return out;
  }

  reset(): void {
    this.closes.clear();
    for (const indicator of [this.rv, this.rsi, this.macd, this.bands, this.adx, this.atr, this.stochastic, this.volumeZ, this.closeZ, this.fast, this.slow, this.vwap]) indicator.reset();
    this.seen = 0;
  }
}

/** Features of every bar (copies), `undefined` during warm-up: for research and model training. */
export function featureSeries(candles: readonly Candle[]): (Float64Array | undefined)[] {
  const vector = new FeatureVector();
  return candles.map((candle) => {
    const row = vector.update(candle);
    return row === undefined ? undefined : Float64Array.from(row);
  });
}
