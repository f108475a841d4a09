import { MODEL_FEATURE_COUNT, MODEL_FEATURE_NAMES, ModelFeatures, type ModelFeatureContext } from '../../../features/model-features';
import { candleAt } from '../../../model/candle';
import type { CandleColumns, SeriesKey } from '../../../model/candle';
import { timeframeMs } from '../../../model/timeframe';
import { ML_DIRECTION_KIND, type NewDirectionModel } from './direction-model';
import { directionLabels } from './direction-labels';
import { drain } from './logistic-regression';
import { trainClassifierSteps, usableRows, walkForwardValidateSteps, type TrainingSet } from './walk-forward-training';
import type { WalkForwardScheme } from './walk-forward';

export type TrainDirectionOptions = {
  readonly series: SeriesKey;
  readonly candles: CandleColumns;
  /** Bars ahead the model predicts the direction of. */
  readonly horizon: number;
  readonly deadZone?: number;
  readonly l2?: number;
  readonly scheme?: Partial<Omit<WalkForwardScheme, 'purge'>>;
  /** Context known at each bar's close (point-in-time sentiment, flow, regime); absent parts are flagged 0. */
  readonly contextAt?: (openTime: number, closeTime: number) => ModelFeatureContext | undefined;
  readonly now: number;
};

export const DEFAULT_SCHEME = { folds: 5, initialTrainShare: 0.5, window: 'expanding' } as const;
export const DEFAULT_L2 = 1e-2;

/** Features of every bar as one row-major matrix (NaN rows while warming up). */
export function featureMatrix(candles: CandleColumns, contextAt?: TrainDirectionOptions['contextAt'], barMs = 0): Float64Array {
  const n = candles.close.length;
  const x = new Float64Array(n * MODEL_FEATURE_COUNT);
  const fv = new ModelFeatures();
  for (let t = 0; t < n; t++) {
    const candle = candleAt(candles, t);
    if (fv.update(candle, contextAt?.(candle.openTime, candle.openTime + barMs))) x.set(fv.values, t * MODEL_FEATURE_COUNT);
    else x.fill(Number.NaN, t * MODEL_FEATURE_COUNT, (t + 1) * MODEL_FEATURE_COUNT);
  }
  return x;
}

/**
 * Walk-forward validation (purge gap = horizon) followed by the final fit on every labelled bar.
 * The stored metrics are the out-of-sample ones; the final model has seen all of the history.
 */
export function trainDirectionModel(options: TrainDirectionOptions): NewDirectionModel {
  return drain(trainDirectionModelSteps(options));
}

/** The same training, pausing between Newton iterations so the engine can serve other calls meanwhile. */
export async function trainDirectionModelAsync(options: TrainDirectionOptions): Promise<NewDirectionModel> {
  const steps = trainDirectionModelSteps(options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export function* trainDirectionModelSteps(options: TrainDirectionOptions): Generator<void, NewDirectionModel> {
  const { candles, horizon, series } = options;
  const barMs = timeframeMs(series.timeframe);
  const deadZone = options.deadZone ?? 0;
  const l2 = options.l2 ?? DEFAULT_L2;
  const scheme: WalkForwardScheme = { ...DEFAULT_SCHEME, ...options.scheme, purge: horizon };
  const x = featureMatrix(candles, options.contextAt, barMs);
  yield;
  const labels = directionLabels(candles.close, candles.openTime, { horizon, deadZone, barMs });
  const set: TrainingSet = { x, features: MODEL_FEATURE_COUNT, labels, openTime: candles.openTime };
  const validation = yield* walkForwardValidateSteps(set, scheme, l2);
  const final = yield* trainClassifierSteps(set, usableRows(set, 0, labels.length), l2);
  return {
    kind: ML_DIRECTION_KIND,
    series,
    createdAt: options.now,
    horizon,
    deadZone,
    l2,
    featureNames: MODEL_FEATURE_NAMES,
    standardiser: final.standardiser,
    model: final.model,
    trainFrom: final.trainFrom,
    trainTo: final.trainTo,
    trainRows: final.trainRows,
    scheme,
    validation,
  };
}
