import { ValidationError } from '../../../core/errors';
import type { CandleColumns, SeriesKey } from '../../../model/candle';
import type { SentimentAggregate } from '../../../model/sentiment';
import type { CandleRepository } from '../../../store/repositories/candle-repository';
import type { DirectionModel } from './direction-model';
import type { MlModelStore } from './ml-model-store';
import { trainDirectionModel, type TrainDirectionOptions } from './train-direction';
import type { MlTrainRunner } from './train-runner';

export type TrainRequest = {
  readonly series: SeriesKey;
  readonly horizon: number;
  readonly deadZone?: number;
  readonly l2?: number;
  readonly folds?: number;
  readonly from?: number;
  readonly to?: number;
};

export type MlDirectionTrainerDeps = {
  readonly candles: Pick<CandleRepository, 'range'>;
  readonly models: MlModelStore;
  /** Point-in-time sentiment of a base asset, when sentiment is stored; used as features when present. */
  readonly sentimentAsOf?: (asset: string, at: number) => SentimentAggregate | null | undefined;
  readonly baseAsset?: (symbol: string) => string;
  readonly now: () => number;
  /** Told of each model stored by the engine, so strategies running on the series can take it up. */
  readonly onTrained?: (series: SeriesKey) => void;
};

/** The engine's trainer: the same, with the runner that trains off the engine thread, one run at a time. */
export type MlDirectionEngineTrainerDeps = MlDirectionTrainerDeps & { readonly runner: MlTrainRunner };

/** Fewest labelled bars worth a walk-forward run. */
export const MIN_TRAINING_BARS = 1_000;

function checkRequest(request: TrainRequest): void {
  if (!Number.isInteger(request.horizon) || request.horizon < 1 || request.horizon > 500) {
    throw new ValidationError(`horizon must be a whole number of bars from 1 to 500, got ${request.horizon}`);
  }
  if (request.from !== undefined && request.to !== undefined && request.from > request.to) {
    throw new ValidationError('from is after to');
  }
}

/** Bars read per query when the engine reads a series for training: one query over years of hourly bars held the loop for about 180 ms. */
const READ_SLICE = 5_000;

/**
 * The same candles as `range(series, { from, to })`, read newest slice first (each slice is the latest
 * READ_SLICE bars before the previous one), handing the event loop back between slices.
 */
async function readInSlices(candles: MlDirectionTrainerDeps['candles'], series: SeriesKey, from: number | undefined, to: number | undefined): Promise<CandleColumns> {
  const slices: CandleColumns[] = [];
  let until = to;
  for (;;) {
    const slice = candles.range(series, { from, to: until, limit: READ_SLICE });
    if (slice.openTime.length > 0) slices.unshift(slice);
    if (slice.openTime.length < READ_SLICE) break;
    until = slice.openTime[0]! - 1;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // concat copies whole arrays; flatMap over 58,419 bars took 40 to 90 ms of the loop.
  const none: number[] = [];
  const column = (name: keyof CandleColumns): number[] => none.concat(...slices.map((slice) => slice[name]));
  return { openTime: column('openTime'), open: column('open'), high: column('high'), low: column('low'), close: column('close'), volume: column('volume') };
}

/** The training options for checked request and its candles; too few bars are reported here, before the fit. */
function optionsFor(deps: MlDirectionTrainerDeps, request: TrainRequest, candles: CandleColumns): TrainDirectionOptions {
  const { series } = request;
  if (candles.close.length < MIN_TRAINING_BARS) {
    throw new ValidationError(
      `${series.venue} ${series.symbol} ${series.timeframe} has ${candles.close.length} stored bars in that range; ml-direction needs at least ${MIN_TRAINING_BARS}`,
    );
  }
  const asset = deps.baseAsset?.(series.symbol) ?? series.symbol;
  const sentimentAsOf = deps.sentimentAsOf;
  return {
    series,
    candles,
    horizon: request.horizon,
    deadZone: request.deadZone,
    l2: request.l2,
    scheme: request.folds !== undefined ? { folds: request.folds } : undefined,
    // Sentiment as known at the bar's close: only aggregates received by then.
    contextAt: sentimentAsOf
      ? (_open, close) => {
          const sentiment = sentimentAsOf(asset, close - 1);
          return sentiment ? { sentiment } : undefined;
        }
      : undefined,
    now: deps.now(),
  };
}

/** A scheme the data cannot fill (too many folds for the bars) is the caller's input problem. */
function asValidation(error: unknown): unknown {
  return error instanceof RangeError ? new ValidationError(`cannot train ml-direction: ${error.message}`, { cause: error }) : error;
}

/** Trains an ml-direction model on a stored series (walk-forward validated) and stores it as the next version. */
export function trainAndStore(deps: MlDirectionTrainerDeps, request: TrainRequest): DirectionModel {
  checkRequest(request);
  const options = optionsFor(deps, request, deps.candles.range(request.series, { from: request.from, to: request.to }));
  try {
    return deps.models.save(trainDirectionModel(options));
  } catch (error) {
    throw asValidation(error);
  }
}

/**
 * The same as the engine runs it: the candles are read here in slices, the features and fits are computed by the
 * runner (in its worker thread when it has one), and the model is stored here.
 */
export async function trainAndStoreAsync(deps: MlDirectionEngineTrainerDeps, request: TrainRequest): Promise<DirectionModel> {
  checkRequest(request);
  const options = optionsFor(deps, request, await readInSlices(deps.candles, request.series, request.from, request.to));
  let model: DirectionModel;
  try {
    model = deps.models.save(await deps.runner.run(options));
  } catch (error) {
    throw asValidation(error);
  }
  deps.onTrained?.(request.series);
  return model;
}
