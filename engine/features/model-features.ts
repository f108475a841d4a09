import { Adx } from '../indicators/adx';
import { Atr } from '../indicators/atr';
import { BollingerBands } from '../indicators/bollinger-bands';
import { Ema } from '../indicators/ema';
import { Macd } from '../indicators/macd';
import { Obv } from '../indicators/obv';
import { RealizedVolatility } from '../indicators/realized-volatility';
import { RollingZScore } from '../indicators/rolling-z-score';
import { Rsi } from '../indicators/rsi';
import { Stochastic } from '../indicators/stochastic';
import type { Candle } from '../model/candle';
import type { FlowSnapshot } from '../model/flow';
import { REGIME_LABELS, type RegimeState } from '../model/regime';
import type { SentimentAggregate } from '../model/sentiment';

/** Log-return horizons in bars. */
const RETURN_HORIZONS = [1, 4, 12, 24] as const;
/** Bars over which the OBV slope is measured. */
const OBV_WINDOW = 10;

/**
 * Feature names in vector order. Every feature is scale-free (a ratio, a log return, an oscillator
 * rescaled to about [-1, 1]) so one model can serve symbols at any price. Context features carry a
 * `*_present` flag and are 0 when absent, so a model runs with or without those sources.
 */
export const MODEL_FEATURE_NAMES = [
  ...RETURN_HORIZONS.map((h) => `ret_${h}`),
  'realised_vol_24',
  'atr_pct_14',
  'rsi_14',
  'macd_hist_over_price',
  'bb_percent_b',
  'bb_bandwidth',
  'adx_14',
  'di_spread_14',
  'stoch_k_14',
  'volume_z_50',
  'obv_slope_10',
  'ema_dist_20',
  'ema_dist_50',
  ...REGIME_LABELS.map((label) => `regime_${label}`),
  'regime_present',
  'sentiment_score',
  'sentiment_confidence',
  'sentiment_present',
  'flow_net_share',
  'flow_present',
] as const;

export type ModelFeatureName = (typeof MODEL_FEATURE_NAMES)[number];
export const MODEL_FEATURE_COUNT = MODEL_FEATURE_NAMES.length;

/** What is known at a bar's close besides the bar itself; each part is optional. */
export type ModelFeatureContext = {
  readonly regime?: RegimeState;
  readonly sentiment?: SentimentAggregate;
  readonly flow?: FlowSnapshot;
};

/**
 * The input vector of learned models (ml-direction) for one series: technical features plus the regime,
 * sentiment and flow context known at the bar. Computed bar by bar from closed candles with streaming indicators
 * (O(1) per bar, nothing allocated per bar). `values` is overwritten in place by every `update`; copy it
 * to keep a row. A feature at bar t uses bars ≤ t only.
 */
export class ModelFeatures {
  readonly names: readonly ModelFeatureName[] = MODEL_FEATURE_NAMES;
  readonly values = new Float64Array(MODEL_FEATURE_COUNT);
  private readonly closes = new Float64Array(RETURN_HORIZONS[RETURN_HORIZONS.length - 1]! + 1);
  private readonly obvs = new Float64Array(OBV_WINDOW + 1);
  private readonly volumes = new Float64Array(OBV_WINDOW);
  private bars = 0;
  private volumeSum = 0;
  private readonly vol = new RealizedVolatility(24);
  private readonly atr = new Atr(14);
  private readonly rsi = new Rsi(14);
  private readonly macd = new Macd(12, 26, 9);
  private readonly bb = new BollingerBands(20, 2);
  private readonly adx = new Adx(14);
  private readonly stoch = new Stochastic(14, 3);
  private readonly volumeZ = new RollingZScore(50);
  private readonly obv = new Obv();
  private readonly ema20 = new Ema(20);
  private readonly ema50 = new Ema(50);

  /** Bars consumed before every feature is defined. */
  get warmUp(): number {
    return Math.max(
      this.closes.length,
      this.vol.warmUp,
      this.atr.warmUp,
      this.rsi.warmUp,
      this.macd.warmUp,
      this.bb.warmUp,
      this.adx.warmUp,
      this.stoch.warmUp,
      this.volumeZ.warmUp,
      OBV_WINDOW + 1,
      this.ema50.warmUp,
    );
  }

  /** Feeds one closed bar; returns true when every feature of `values` is defined (NaN marks the rest). */
  update(candle: Candle, context?: ModelFeatureContext): boolean {
    const v = this.values;
    const close = candle.close;
    const n = this.closes.length;
    const slot = this.bars % n;
    this.closes[slot] = close;
    const obvValue = this.obv.update(candle) ?? Number.NaN;
    this.obvs[this.bars % this.obvs.length] = obvValue;
    const volumeSlot = this.bars % OBV_WINDOW;
    this.volumeSum += candle.volume - this.volumes[volumeSlot]!;
    this.volumes[volumeSlot] = candle.volume;
    this.bars++;

    let i = 0;
    for (const h of RETURN_HORIZONS) v[i++] = this.bars > h ? Math.log(close / this.closes[(slot - h + n) % n]!) : Number.NaN;
    v[i++] = this.vol.update(close) ?? Number.NaN;
    const atr = this.atr.update(candle);
    v[i++] = atr === undefined ? Number.NaN : atr / close;
    const rsi = this.rsi.update(close);
    v[i++] = rsi === undefined ? Number.NaN : (rsi - 50) / 50;
    const macd = this.macd.update(close);
    v[i++] = macd === undefined ? Number.NaN : macd.histogram / close;
    const bb = this.bb.update(close);
    v[i++] = bb === undefined ? Number.NaN : bb.percentB;
    v[i++] = bb === undefined ? Number.NaN : bb.bandwidth;
    const adx = this.adx.update(candle);
    v[i++] = adx === undefined ? Number.NaN : adx.adx / 100;
    v[i++] = adx === undefined ? Number.NaN : (adx.plusDi - adx.minusDi) / 100;
    const stoch = this.stoch.update(candle);
    v[i++] = stoch === undefined ? Number.NaN : stoch.k / 100 - 0.5;
    v[i++] = this.volumeZ.update(candle.volume) ?? Number.NaN;
    // OBV change over the window as a share of the volume traded in it: −1 (all selling) … +1 (all buying).
    v[i++] = this.bars > OBV_WINDOW && this.volumeSum > 0 ? (obvValue - this.obvs[this.bars % this.obvs.length]!) / this.volumeSum : this.bars > OBV_WINDOW ? 0 : Number.NaN;
    const e20 = this.ema20.update(close);
    v[i++] = e20 === undefined ? Number.NaN : close / e20 - 1;
    const e50 = this.ema50.update(close);
    v[i++] = e50 === undefined ? Number.NaN : close / e50 - 1;

    const regime = context?.regime;
    for (const label of REGIME_LABELS) v[i++] = regime ? regimeProbability(regime, label) : 0;
    v[i++] = regime ? 1 : 0;
    const sentiment = context?.sentiment;
    v[i++] = sentiment ? sentiment.score : 0;
    v[i++] = sentiment ? sentiment.confidence : 0;
    v[i++] = sentiment ? 1 : 0;
    const flow = context?.flow;
    const gross = flow ? flow.inflow + flow.outflow : 0;
    // Net inflow to exchanges as a share of gross flow: scale-free across assets and sizes.
    v[i++] = flow && gross > 0 ? flow.netFlow / gross : 0;
    v[i++] = flow ? 1 : 0;

    for (let j = 0; j < i; j++) if (Number.isNaN(v[j]!)) return false;
    return true;
  }
}

function regimeProbability(regime: RegimeState, label: (typeof REGIME_LABELS)[number]): number {
  const index = regime.labels.indexOf(label);
  return index < 0 ? 0 : (regime.probabilities[index] ?? 0);
}
