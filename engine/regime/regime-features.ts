import { Adx } from '../indicators/adx';
import { RealizedVolatility } from '../indicators/realized-volatility';
import { RollingZScore } from '../indicators/rolling-z-score';
import type { Candle } from '../model/candle';
import type { RegimeInputs } from './regime-tracker';

/** Every feature the detector knows, in the order of the raw feature vector. */
export const REGIME_FEATURES = ['return', 'volatility', 'adx', 'direction', 'volume', 'sentiment', 'netFlow'] as const;
export type RegimeFeature = (typeof REGIME_FEATURES)[number];

/** Features computed from candles alone: always part of a model. The others join when the fit data holds them. */
export const CANDLE_FEATURES: readonly RegimeFeature[] = ['return', 'volatility', 'adx', 'direction', 'volume'];

export const FEATURE_DESCRIPTIONS: Readonly<Record<RegimeFeature, string>> = {
  return: 'log return of the bar',
  volatility: 'log of realised volatility (std of log returns over the window)',
  adx: 'ADX trend strength',
  direction: 'directional balance +DI − −DI (which way the trend points)',
  volume: 'z-score of log volume over the window',
  sentiment: 'aggregated sentiment score (−1 … 1)',
  netFlow: 'exchange net flow, signed log(1 + |tokens|)',
};

export type RegimeFeatureConfig = {
  /** Bars in the realised-volatility window. */
  readonly volatilityWindow: number;
  readonly adxPeriod: number;
  /** Bars in the volume z-score window. */
  readonly volumeWindow: number;
};

export const DEFAULT_FEATURE_CONFIG: RegimeFeatureConfig = { volatilityWindow: 24, adxPeriod: 14, volumeWindow: 48 };

/**
 * Streaming raw features for one series, from the engine's streaming indicators, so the fit, the live
 * tracker and a replay compute identical numbers. Volatility is taken in logs and volume as a z-score of
 * log volume: both are closer to Gaussian that way, which is what the HMM's emissions assume.
 */
export class RegimeFeatureExtractor {
  /** Warm-up in bars before the first vector. */
  readonly warmUp: number;
  private readonly volatility: RealizedVolatility;
  private readonly adx: Adx;
  private readonly volume: RollingZScore;
  private readonly raw = new Float64Array(REGIME_FEATURES.length);
  private previousClose = Number.NaN;

  constructor(readonly config: RegimeFeatureConfig = DEFAULT_FEATURE_CONFIG) {
    this.volatility = new RealizedVolatility(config.volatilityWindow);
    this.adx = new Adx(config.adxPeriod);
    this.volume = new RollingZScore(config.volumeWindow);
    this.warmUp = Math.max(this.volatility.warmUp, this.adx.warmUp, this.volume.warmUp);
  }

  /**
   * Folds in one closed bar; returns the raw features in `REGIME_FEATURES` order (a reused buffer: copy
   * it to keep it), NaN for sentiment or flow that are not known, or undefined while warming up.
   */
  update(candle: Candle, inputs?: RegimeInputs): Float64Array | undefined {
    const previous = this.previousClose;
    this.previousClose = candle.close;
    const volatility = this.volatility.update(candle.close);
    const adx = this.adx.update(candle);
    const volume = this.volume.update(Math.log1p(candle.volume));
    if (volatility === undefined || adx === undefined || volume === undefined || !(previous > 0)) return undefined;
    const raw = this.raw;
    raw[0] = Math.log(candle.close / previous);
    // A flat window has zero volatility; the floor keeps its log finite (1e-8 is far below any traded market).
    raw[1] = Math.log(Math.max(volatility, 1e-8));
    raw[2] = adx.adx;
    raw[3] = adx.plusDi - adx.minusDi;
    raw[4] = volume;
    raw[5] = inputs?.sentiment ? inputs.sentiment.score : Number.NaN;
    const flow = inputs?.flow?.netFlow;
    raw[6] = flow === undefined || !Number.isFinite(flow) ? Number.NaN : Math.sign(flow) * Math.log1p(Math.abs(flow));
    return raw;
  }

  reset(): void {
    this.volatility.reset();
    this.adx.reset();
    this.volume.reset();
    this.previousClose = Number.NaN;
  }
}

/** Fit-time location and scale of each of a model's features (in the model's feature order). */
export type FeatureScaling = { readonly means: readonly number[]; readonly stds: readonly number[] };

/** Writes the standardised model features of a raw vector into `out` (NaN stays NaN: missing). */
export function standardise(raw: Float64Array, indices: readonly number[], scaling: FeatureScaling, out: Float64Array, offset = 0): void {
  for (let j = 0; j < indices.length; j++) out[offset + j] = (raw[indices[j]!]! - scaling.means[j]!) / scaling.stds[j]!;
}

export function featureIndices(features: readonly RegimeFeature[]): number[] {
  return features.map((f) => REGIME_FEATURES.indexOf(f));
}
