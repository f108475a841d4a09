import { Ema } from '../indicators/ema';
import { Obv } from '../indicators/obv';
import { PatternDetector } from '../indicators/patterns/pattern-detector';
import type { Candle } from '../model/candle';
import type { FlowSnapshot } from '../model/flow';
import { REGIME_LABELS, type RegimeState } from '../model/regime';
import type { SentimentAggregate } from '../model/sentiment';
import { FEATURE_NAMES, FeatureVector } from './feature-vector';

/** The long return horizon added to the technical vector's 1, 5 and 20 bars. */
const LONG_RETURN = 60;
/** Bars over which the OBV slope is measured. */
const OBV_WINDOW = 10;

const camel = (label: string): string => label.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase());

/**
 * Feature names in vector order: the technical `FeatureVector` first, then what learned models add —
 * a longer return, OBV slope, distance to the 50-bar EMA, candlestick-pattern flags — then context
 * features, each with a `*Present` flag and 0 when absent, so a model runs with or without those sources.
 * Every feature is scale-free (a ratio, a log return, an oscillator rescaled to about ±1).
 */
export const MODEL_FEATURE_NAMES: readonly string[] = [
  ...FEATURE_NAMES,
  `return${LONG_RETURN}`,
  `obvSlope${OBV_WINDOW}`,
  'emaDistance50',
  'patternBullish',
  'patternBearish',
  'patternDoji',
  ...REGIME_LABELS.map((label) => `regime${camel(label)}`),
  'regimePresent',
  'sentimentScore',
  'sentimentConfidence',
  'sentimentPresent',
  'flowNetShare',
  'flowPresent',
];

export const MODEL_FEATURE_COUNT = MODEL_FEATURE_NAMES.length;
const TECHNICAL = FEATURE_NAMES.length;

/** What is known at a bar's close besides the bar itself; each part is optional. */
export type ModelFeatureContext = {
  readonly regime?: RegimeState;
  readonly sentiment?: SentimentAggregate;
  readonly flow?: FlowSnapshot;
};

/**
 * The input vector of learned models (ml-direction) for one series, computed bar by bar from closed
 * candles with streaming indicators (O(1) per bar). `values` is overwritten in place by every `update`;
 * copy it to keep a row. A feature at bar t uses bars ≤ t only.
 */
export class ModelFeatures {
  readonly names = MODEL_FEATURE_NAMES;
  readonly values = new Float64Array(MODEL_FEATURE_COUNT);
  readonly warmUp: number;
  private readonly technical = new FeatureVector();
  private readonly closes = new Float64Array(LONG_RETURN + 1);
  private readonly obvs = new Float64Array(OBV_WINDOW + 1);
  private readonly volumes = new Float64Array(OBV_WINDOW);
  private readonly obv = new Obv();
  private readonly ema50 = new Ema(50);
  private readonly patterns = new PatternDetector();
  private bars = 0;
  private volumeSum = 0;

  constructor() {
    this.warmUp = Math.max(this.technical.warmUp, LONG_RETURN + 1, OBV_WINDOW + 1, this.ema50.warmUp);
  }

  /** Feeds one closed bar; returns true when every feature of `values` is defined (NaN marks the rest). */
  update(candle: Candle, context?: ModelFeatureContext): boolean {
    const v = this.values;
    const close = candle.close;
    const technical = this.technical.update(candle);
    if (technical) v.set(technical);
    else v.fill(Number.NaN, 0, TECHNICAL);

    const n = this.closes.length;
    const slot = this.bars % n;
    this.closes[slot] = close;
    const obvValue = this.obv.update(candle) ?? Number.NaN;
    this.obvs[this.bars % this.obvs.length] = obvValue;
    const volumeSlot = this.bars % OBV_WINDOW;
    this.volumeSum += candle.volume - this.volumes[volumeSlot]!;
    this.volumes[volumeSlot] = candle.volume;
    this.bars++;

    let i = TECHNICAL;
    v[i++] = this.bars > LONG_RETURN ? Math.log(close / this.closes[(slot + 1) % n]!) : Number.NaN;
    // OBV change over the window as a share of the volume traded in it: −1 (all selling) … +1 (all buying).
    const obvReady = this.bars > OBV_WINDOW;
    v[i++] = !obvReady ? Number.NaN : this.volumeSum > 0 ? (obvValue - this.obvs[this.bars % this.obvs.length]!) / this.volumeSum : 0;
    const e50 = this.ema50.update(close);
    v[i++] = e50 === undefined ? Number.NaN : close / e50 - 1;
    let bullish = 0;
    let bearish = 0;
    let doji = 0;
    for (const match of this.patterns.update(candle)) {
      if (match.direction === 'bullish') bullish = 1;
      else if (match.direction === 'bearish') bearish = 1;
      else doji = 1;
    }
    v[i++] = bullish;
    v[i++] = bearish;
    v[i++] = doji;

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

    return technical !== undefined && this.bars >= this.warmUp;
  }
}

function regimeProbability(regime: RegimeState, label: (typeof REGIME_LABELS)[number]): number {
  const index = regime.labels.indexOf(label);
  return index < 0 ? 0 : (regime.probabilities[index] ?? 0);
}
