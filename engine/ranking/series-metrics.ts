import { Adx } from '../indicators/adx';
import { Ema } from '../indicators/ema';
import { RealizedVolatility } from '../indicators/realized-volatility';
import { RollingCorrelation } from '../indicators/rolling-correlation';
import { RollingZScore } from '../indicators/rolling-z-score';
import { candleAt } from '../model/candle';
import type { CandleColumns, SeriesKey } from '../model/candle';
import type { RegimeState } from '../model/regime';
import type { SentimentAggregate } from '../model/sentiment';
import { timeframeMs } from '../model/timeframe';
import { correlationBreakdown, DEFAULT_THRESHOLDS, priceJump, volumeSpike, type AnomalyThresholds } from './anomalies';
import type { AnomalyFlag, SeriesMetrics } from './ranking-types';

export type MetricsOptions = {
  /** Bars of the trend's lookback return and EMA slope. */
  readonly lookback: number;
  readonly emaPeriod: number;
  readonly adxPeriod: number;
  /** Bars of the realised-volatility window. */
  readonly volatilityWindow: number;
  readonly volumeWindow: number;
  /** Bars of return history a jump is measured against. */
  readonly jumpWindow: number;
  readonly correlationWindow: number;
  /** Anomalies are looked for in this many newest bars. */
  readonly recentBars: number;
  readonly thresholds: AnomalyThresholds;
};

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = {
  lookback: 24,
  emaPeriod: 20,
  adxPeriod: 14,
  volatilityWindow: 24,
  volumeWindow: 50,
  jumpWindow: 100,
  correlationWindow: 48,
  recentBars: 3,
  thresholds: DEFAULT_THRESHOLDS,
};

/** Enough bars for every window to have filled at least once. */
export function minimumBars(o: MetricsOptions = DEFAULT_METRICS_OPTIONS): number {
  return Math.max(o.lookback, o.emaPeriod, o.adxPeriod * 3, o.volatilityWindow, o.volumeWindow, o.jumpWindow, o.correlationWindow) + o.recentBars + 1;
}

export type MetricsContext = {
  /** Candles of the reference series (e.g. BTC) for the correlation measures; absent for the reference itself. */
  readonly reference?: { readonly name: string; readonly candles: CandleColumns };
  readonly regime?: RegimeState;
  readonly sentiment?: SentimentAggregate;
  readonly spreadBps?: number;
};


/**
 * The raw numbers behind a series' scores, computed with the streaming indicators over its stored
 * bars (oldest first). Everything is measured at the newest bar; anomalies over the newest `recentBars`.
 */
export function seriesMetrics(series: SeriesKey, candles: CandleColumns, context: MetricsContext = {}, o: MetricsOptions = DEFAULT_METRICS_OPTIONS): SeriesMetrics {
  const n = candles.close.length;
  if (n < minimumBars(o)) throw new RangeError(`${n} bars are too few (need ${minimumBars(o)})`);
  const adx = new Adx(o.adxPeriod);
  const ema = new Ema(o.emaPeriod);
  const vol = new RealizedVolatility(o.volatilityWindow);
  const jumpVol = new RealizedVolatility(o.jumpWindow);
  const volumeZ = new RollingZScore(o.volumeWindow);
  const emas = new Float64Array(n).fill(Number.NaN);
  const vols: number[] = [];
  const anomalies: AnomalyFlag[] = [];
  const firstRecent = n - o.recentBars;
  let adxValue = { adx: Number.NaN, plusDi: Number.NaN, minusDi: Number.NaN };
  let previousSigma: number | undefined;
  for (let i = 0; i < n; i++) {
    const candle = candleAt(candles, i);
    adxValue = adx.update(candle) ?? adxValue;
    emas[i] = ema.update(candle.close) ?? Number.NaN;
    const v = vol.update(candle.close);
    if (v !== undefined) vols.push(v);
    const z = volumeZ.update(candle.volume);
    // A jump is measured against the σ of the returns BEFORE the bar, so it cannot hide in its own statistics.
    const sigma = previousSigma;
    previousSigma = jumpVol.update(candle.close);
    if (i >= firstRecent && i > 0) {
      const spike = z === undefined ? undefined : volumeSpike(candle.openTime, z, o.thresholds);
      if (spike) anomalies.push(spike);
      const jump = sigma === undefined ? undefined : priceJump(candle.openTime, Math.log(candle.close / candles.close[i - 1]!), sigma, o.thresholds);
      if (jump) anomalies.push(jump);
    }
  }
  const last = n - 1;
  const sigma = vols[vols.length - 1] ?? 0;
  const emaChange = Math.log(emas[last]! / emas[last - o.lookback]!);
  const emaSlope = sigma > 0 ? emaChange / (sigma * Math.sqrt(o.lookback)) : 0;
  const current = vols[vols.length - 1] ?? 0;
  let below = 0;
  for (const v of vols) if (v < current) below++;
  const barsPerDay = Math.max(1, Math.round(86_400_000 / timeframeMs(series.timeframe)));
  let quoteVolume = 0;
  for (let i = Math.max(0, n - barsPerDay); i < n; i++) quoteVolume += candles.close[i]! * candles.volume[i]!;

  let correlation: SeriesMetrics['correlation'];
  if (context.reference) {
    const result = correlationToReference(candles, context.reference.candles, o.correlationWindow, { sigma: o.thresholds.jumpSigma, window: o.jumpWindow });
    if (result) {
      correlation = { reference: context.reference.name, ...result };
      const flag = correlationBreakdown(candles.openTime[last]!, result.recent, result.longRun, context.reference.name, o.thresholds);
      if (flag) anomalies.push(flag);
    }
  }
  return {
    series,
    bars: n,
    lastTime: candles.openTime[last]!,
    lastClose: candles.close[last]!,
    trend: {
      adx: Number.isFinite(adxValue.adx) ? adxValue.adx : 0,
      diSpread: Number.isFinite(adxValue.plusDi - adxValue.minusDi) ? adxValue.plusDi - adxValue.minusDi : 0,
      emaSlope: Number.isFinite(emaSlope) ? emaSlope : 0,
      lookbackReturn: Math.log(candles.close[last]! / candles.close[last - o.lookback]!),
      ...(context.regime ? { regime: { label: context.regime.regime, confidence: context.regime.confidence } } : {}),
    },
    volatility: { realised: current, percentile: vols.length > 0 ? below / vols.length : 0.5 },
    liquidity: { quoteVolume, ...(context.spreadBps !== undefined ? { spreadBps: context.spreadBps } : {}) },
    ...(context.sentiment ? { sentiment: { score: context.sentiment.score, confidence: context.sentiment.confidence, count: context.sentiment.count } } : {}),
    ...(correlation ? { correlation } : {}),
    anomalies: keepWorstPerKind(anomalies),
  };
}

/**
 * Rolling correlation of one-bar log returns with the reference, over bars present in both series (a
 * return spanning a gap in either is skipped). `recent` is the newest window; `longRun` the mean of the
 * windows that ended before the newest one began, so a breakdown cannot drag its own baseline down.
 * Each return is first clipped to ±`clipSigma` σ of its own recent returns: one price jump (flagged on
 * its own) would otherwise dominate a short window and read as a breakdown.
 */
export function correlationToReference(
  candles: CandleColumns,
  reference: CandleColumns,
  window: number,
  clip: { readonly sigma: number; readonly window: number },
): { recent: number; longRun: number } | undefined {
  const referenceIndex = new Map<number, number>();
  for (let i = 0; i < reference.openTime.length; i++) referenceIndex.set(reference.openTime[i]!, i);
  const ownSigma = sigmaBefore(candles.close, clip.window);
  const referenceSigma = sigmaBefore(reference.close, clip.window);
  const rolling = new RollingCorrelation(window);
  const values: number[] = [];
  for (let i = 1; i < candles.openTime.length; i++) {
    const r = referenceIndex.get(candles.openTime[i]!);
    const rPrevious = referenceIndex.get(candles.openTime[i - 1]!);
    if (r === undefined || rPrevious === undefined || rPrevious !== r - 1) continue;
    const own = clipped(Math.log(candles.close[i]! / candles.close[i - 1]!), ownSigma[i]!, clip.sigma);
    const market = clipped(Math.log(reference.close[r]! / reference.close[rPrevious]!), referenceSigma[r]!, clip.sigma);
    const value = rolling.update([own, market]);
    if (value !== undefined && Number.isFinite(value)) values.push(value);
  }
  if (values.length < 2 * window) return undefined;
  let sum = 0;
  const baseline = values.length - window;
  for (let i = 0; i < baseline; i++) sum += values[i]!;
  return { recent: values[values.length - 1]!, longRun: sum / baseline };
}

/** σ of the one-bar log returns that ended before bar i (NaN while the window fills). */
function sigmaBefore(closes: readonly number[], window: number): Float64Array {
  const out = new Float64Array(closes.length).fill(Number.NaN);
  const vol = new RealizedVolatility(window);
  for (let i = 0; i + 1 < closes.length; i++) out[i + 1] = vol.update(closes[i]!) ?? Number.NaN;
  return out;
}

function clipped(value: number, sigma: number, k: number): number {
  if (!(sigma > 0)) return value;
  const limit = k * sigma;
  return value > limit ? limit : value < -limit ? -limit : value;
}

function keepWorstPerKind(flags: readonly AnomalyFlag[]): AnomalyFlag[] {
  const worst = new Map<AnomalyFlag['kind'], AnomalyFlag>();
  for (const flag of flags) {
    const kept = worst.get(flag.kind);
    if (!kept || flag.severity > kept.severity) worst.set(flag.kind, flag);
  }
  return [...worst.values()];
}
