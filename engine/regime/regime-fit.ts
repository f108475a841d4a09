import { ValidationError } from '../core/errors';
import type { CandleColumns, SeriesKey } from '../model/candle';
import { fitHmm, type HmmFitProgress } from './hmm/fit-hmm';
import { HmmFilter } from './hmm/hmm-filter';
import { FeatureStream } from './feature-stream';
import { expectedDuration, labelStates } from './regime-labels';
import {
  CANDLE_FEATURES,
  DEFAULT_FEATURE_CONFIG,
  REGIME_FEATURES,
  featureIndices,
  standardise,
  type FeatureScaling,
  type RegimeFeature,
  type RegimeFeatureConfig,
} from './regime-features';
import type { RegimeModel, RegimeStateStats } from './regime-model';
import type { RegimeInputs } from './regime-tracker';

export type RegimeFitRequest = {
  readonly key: SeriesKey;
  readonly candles: CandleColumns;
  readonly states: number;
  readonly id: string;
  readonly version: number;
  readonly now: () => number;
  readonly seed?: number;
  readonly restarts?: number;
  readonly featureConfig?: RegimeFeatureConfig;
  /** Sentiment and flow as known at each bar's close, when the engine has them. */
  readonly inputsAt?: (openTime: number) => RegimeInputs | undefined;
  readonly onProgress?: (progress: HmmFitProgress) => void;
  readonly yieldEvery?: () => Promise<void>;
};

/** An optional feature joins the model when at least this share of the fitted bars has it. */
const OPTIONAL_FEATURE_COVERAGE = 0.1;

/** Feature rows the fit needs per parameter-ish: below this the fit would be noise. */
export function minimumCandles(states: number, config: RegimeFeatureConfig = DEFAULT_FEATURE_CONFIG): number {
  return Math.max(config.volatilityWindow + 1, 2 * config.adxPeriod, config.volumeWindow) + Math.max(300, 100 * states);
}

/**
 * Fits a regime model to stored candles: raw features bar by bar (the same stream the live tracker
 * uses), fit-time standardisation, Baum–Welch with restarts, then labels and per-state statistics.
 */
export async function fitRegimeModel(request: RegimeFitRequest): Promise<RegimeModel> {
  const { key, candles, states } = request;
  const featureConfig = request.featureConfig ?? DEFAULT_FEATURE_CONFIG;
  const needed = minimumCandles(states, featureConfig);
  const count = candles.openTime.length;
  if (count < needed) {
    throw new ValidationError(
      `not enough candles to fit ${states} states on ${key.venue} ${key.symbol} ${key.timeframe}: ${count} stored, at least ${needed} needed; download or import more history first`,
    );
  }
  const started = performance.now();
  const width = REGIME_FEATURES.length;
  const raw = new Float64Array(count * width);
  const starts: number[] = [];
  const stream = new FeatureStream(key.timeframe, featureConfig);
  let rows = 0;
  for (let i = 0; i < count; i++) {
    const openTime = candles.openTime[i]!;
    const candle = { openTime, open: candles.open[i]!, high: candles.high[i]!, low: candles.low[i]!, close: candles.close[i]!, volume: candles.volume[i]! };
    const step = stream.push(candle, request.inputsAt?.(openTime));
    if (step.kind !== 'features') continue;
    if (step.sequenceStart) starts.push(rows);
    raw.set(step.raw, rows * width);
    rows++;
  }
  if (rows < needed / 2) {
    throw new ValidationError(`only ${rows} bars of ${count} form unbroken stretches long enough for features; the series has too many gaps to fit`);
  }
  // Hand the event loop back between the stages of a fit, as between EM iterations.
  await request.yieldEvery?.();
  const features = chooseFeatures(raw, rows, width);
  const indices = featureIndices(features);
  const scaling = scalingOf(raw, rows, width, indices);
  const dims = features.length;
  const values = new Float64Array(rows * dims);
  for (let t = 0; t < rows; t++) standardise(raw.subarray(t * width, (t + 1) * width), indices, scaling, values, t * dims);
  const seed = request.seed ?? 1;
  const restarts = request.restarts ?? 3;
  const fit = await fitHmm(
    { values, dims, starts },
    { states, seed, restarts, onIteration: request.onProgress, yieldEvery: request.yieldEvery },
  );
  // Return and volatility are the first two features of every model; labels need the return's raw sign.
  const labels = labelStates(
    Array.from({ length: states }, (_, s) => ({
      meanReturn: fit.model.means[s * dims]! * scaling.stds[0]! + scaling.means[0]!,
      volatility: fit.model.means[s * dims + 1]!,
    })),
  );
  const stats = stateStats(fit.model, labels, values, raw, rows, width, starts);
  return {
    ...key,
    id: request.id,
    version: request.version,
    createdAt: request.now(),
    from: candles.openTime[0]!,
    to: candles.openTime[count - 1]!,
    bars: rows,
    sequences: starts.length,
    features,
    featureConfig,
    scaling,
    hmm: fit.model,
    labels,
    stats,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: fit.converged,
    bic: fit.bic,
    seed,
    restarts,
    fitMs: performance.now() - started,
  };
}

function chooseFeatures(raw: Float64Array, rows: number, width: number): RegimeFeature[] {
  return REGIME_FEATURES.filter((feature, index) => {
    if (CANDLE_FEATURES.includes(feature)) return true;
    let seen = 0;
    for (let t = 0; t < rows; t++) if (!Number.isNaN(raw[t * width + index]!)) seen++;
    return seen >= OPTIONAL_FEATURE_COVERAGE * rows;
  });
}

function scalingOf(raw: Float64Array, rows: number, width: number, indices: readonly number[]): FeatureScaling {
  const means: number[] = [];
  const stds: number[] = [];
  for (const index of indices) {
    let n = 0;
    let mean = 0;
    let m2 = 0;
    // Welford: one pass without the cancellation of E[x²] − E[x]².
    for (let t = 0; t < rows; t++) {
      const x = raw[t * width + index]!;
      if (Number.isNaN(x)) continue;
      n++;
      const delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    }
    const std = Math.sqrt(m2 / Math.max(n, 1));
    means.push(mean);
    stds.push(std > 1e-12 ? std : 1);
  }
  return { means, stds };
}

function stateStats(
  hmm: RegimeModel['hmm'],
  labels: RegimeModel['labels'],
  values: Float64Array,
  raw: Float64Array,
  rows: number,
  width: number,
  starts: readonly number[],
): RegimeStateStats[] {
  const k = hmm.states;
  const dims = hmm.dims;
  const count = new Float64Array(k);
  const sum = new Float64Array(k);
  const squares = new Float64Array(k);
  const filter = new HmmFilter(hmm);
  const startSet = new Set(starts);
  for (let t = 0; t < rows; t++) {
    if (startSet.has(t)) filter.reset();
    const p = filter.step(values, t * dims);
    let top = 0;
    for (let s = 1; s < k; s++) if (p[s]! > p[top]!) top = s;
    const r = raw[t * width]!;
    count[top]! += 1;
    sum[top]! += r;
    squares[top]! += r * r;
  }
  return labels.map((label, s) => {
    const n = count[s]!;
    const meanReturn = n > 0 ? sum[s]! / n : 0;
    return {
      label,
      share: n / rows,
      meanReturn,
      volatility: n > 1 ? Math.sqrt(Math.max(squares[s]! / n - meanReturn * meanReturn, 0)) : 0,
      expectedDuration: expectedDuration(hmm.transitions[s * k + s]!),
      featureMeans: Array.from(hmm.means.subarray(s * dims, (s + 1) * dims)),
    };
  });
}
