import type { Clock } from '../core/clock';
import type { StrategyError } from '../core/errors';
import type { CandleService } from '../data/candle-service';
import { candleAt, type Candle, type CandleColumns, type SeriesKey } from '../model/candle';
import type { Signal } from '../model/signal';
import { nextOpenTime } from '../model/timeframe';
import type { RegimeTracker } from '../regime/regime-tracker';
import { SeriesPipeline, type ContextProviders, type ModulationFor } from './series-pipeline';
import { prepareSlot } from './strategy-slot';
import type { StrategyDefinition } from './strategy-api';

export type ReplayStrategy = { readonly definition: StrategyDefinition; readonly params?: Readonly<Record<string, unknown>> };

export type ReplayOptions = {
  readonly series: SeriesKey;
  readonly strategies: readonly ReplayStrategy[];
  /** Closed bars in open-time order: objects, or columns as the store returns them. */
  readonly candles: readonly Candle[] | CandleColumns;
  readonly regime?: RegimeTracker;
  readonly modulationFor?: ModulationFor;
  readonly context?: ContextProviders;
  /** Stamps `receivedAt`; by default the close time of the bar being replayed (when it would have been known live). */
  readonly clock?: Clock;
  /** Called for every signal as it is produced; when given, signals are not collected. */
  readonly onSignal?: (signal: Signal) => void;
};

export type ReplayResult = {
  readonly signals: Signal[];
  readonly bars: number;
  /** Strategies stopped by an error, with the error. */
  readonly errors: readonly StrategyError[];
};

/**
 * Runs the live pipeline over a finished series of bars and returns what it signalled: the basis of
 * backtests. Same wrapper, same pipeline, same ids as live; only the clock and the source of bars differ.
 */
export function replaySignals(options: ReplayOptions): ReplayResult {
  const { series } = options;
  const slots = options.strategies.map((s) => prepareSlot(s.definition, series, s.params));
  const signals: Signal[] = [];
  const errors: StrategyError[] = [];
  let barClose = 0;
  const clock: Clock = options.clock ?? { now: () => barClose };
  const pipeline = new SeriesPipeline({
    series,
    slots,
    historyBars: Math.max(...slots.map((s) => s.warmUp + 1), 2),
    clock,
    regime: options.regime,
    modulationFor: options.modulationFor,
    context: options.context,
    onSignal: options.onSignal ?? ((signal) => signals.push(signal)),
    onStrategyError: (_slot, error) => errors.push(error),
  });
  const { candles } = options;
  let bars = 0;
  if (Array.isArray(candles)) {
    for (const candle of candles as readonly Candle[]) {
      barClose = nextOpenTime(series.timeframe, candle.openTime);
      pipeline.push(candle);
      bars += 1;
    }
  } else {
    const c = candles as CandleColumns;
    for (let i = 0; i < c.openTime.length; i++) {
      const openTime = c.openTime[i]!;
      barClose = nextOpenTime(series.timeframe, openTime);
      pipeline.push(candleAt(c, i)); // frozen by the pipeline
      bars += 1;
    }
  }
  for (const slot of slots) slot.strategy.stop();
  return { signals, bars, errors };
}

/** Replays the stored closed bars of a series in [from, to] (open times): what a backtest over the profile's data runs. */
export function replayStoredRange(
  store: Pick<CandleService, 'candles'>,
  range: { readonly from?: number; readonly to?: number },
  options: Omit<ReplayOptions, 'candles'>,
): ReplayResult {
  return replaySignals({ ...options, candles: store.candles(options.series, { from: range.from, to: range.to }) });
}
