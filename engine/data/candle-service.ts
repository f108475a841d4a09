import type { Clock } from '../core/clock';
import { ValidationError } from '../core/errors';
import type { MessageBus } from '../core/message-bus';
import { candleProblem, type Candle, type CandleColumns, type SeriesKey, type SeriesSummary } from '../model/candle';
import type { CandleRange, CandleRepository } from '../store/repositories/candle-repository';
import { candleTopic, historyTopic } from './candle-topics';

/**
 * Published on the bus for every candle the engine stores: new, or a still-open bar that changed.
 * `closed` is false while the bar is still forming; strategies act on closed bars.
 */
export type CandleEvent = SeriesKey & { readonly candle: Candle; readonly receivedAt: number; readonly closed: boolean };

/** Published once per stored batch of history, instead of one event per candle. */
export type HistoryEvent = SeriesKey & { readonly from: number; readonly to: number; readonly count: number; readonly receivedAt: number };

/** The data engine's candle path for now: store first, then publish, so readers never see an event ahead of the store. */
export class CandleService {
  constructor(
    private readonly repository: CandleRepository,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores candles and publishes each one. `openFrom` is the open time from which bars are still
   * forming (live data); imported and downloaded bars are all closed.
   */
  append(key: SeriesKey, candles: readonly Candle[], options: { openFrom?: number } = {}): { written: number } {
    validate(candles);
    const receivedAt = this.clock.now();
    const result = this.repository.upsertMany(key, candles, receivedAt);
    const topic = candleTopic(key);
    const openFrom = options.openFrom ?? Number.POSITIVE_INFINITY;
    for (const candle of candles) {
      this.bus.publish<CandleEvent>(topic, { ...key, candle, receivedAt, closed: candle.openTime < openFrom });
    }
    return result;
  }

  /** Stores a batch of history with one summary event: a download of a million bars is not a million events. */
  appendHistory(key: SeriesKey, candles: readonly Candle[]): { written: number } {
    if (candles.length === 0) return { written: 0 };
    validate(candles);
    const receivedAt = this.clock.now();
    const result = this.repository.upsertMany(key, candles, receivedAt);
    this.bus.publish<HistoryEvent>(historyTopic(key), {
      ...key,
      from: candles[0]!.openTime,
      to: candles.at(-1)!.openTime,
      count: candles.length,
      receivedAt,
    });
    return result;
  }

  lastOpenTime(key: SeriesKey, to?: number): number | undefined {
    return this.repository.lastOpenTime(key, to);
  }

  openTimes(key: SeriesKey, from: number, to: number): number[] {
    return this.repository.openTimes(key, from, to);
  }

  candles(key: SeriesKey, range?: CandleRange): CandleColumns {
    return this.repository.range(key, range);
  }

  series(): SeriesSummary[] {
    return this.repository.listSeries();
  }
}

function validate(candles: readonly Candle[]): void {
  candles.forEach((candle, index) => {
    const problem = candleProblem(candle);
    if (problem) throw new ValidationError(`candle ${index} (open time ${candle.openTime}): ${problem}`);
  });
}
