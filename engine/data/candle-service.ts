import type { Clock } from '../core/clock';
import { ValidationError } from '../core/errors';
import type { MessageBus } from '../core/message-bus';
import { candleProblem, type Candle, type CandleColumns, type SeriesKey, type SeriesSummary } from '../model/candle';
import type { CandleRange, CandleRepository } from '../store/repositories/candle-repository';
import { candleTopic } from './candle-topics';

/** Published on the bus for every candle the engine stores: new, or a still-open bar that changed. */
export type CandleEvent = SeriesKey & { readonly candle: Candle; readonly receivedAt: number };

/** The data engine's candle path for now: store first, then publish, so readers never see an event ahead of the store. */
export class CandleService {
  constructor(
    private readonly repository: CandleRepository,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
  ) {}

  append(key: SeriesKey, candles: readonly Candle[]): { written: number } {
    candles.forEach((candle, index) => {
      const problem = candleProblem(candle);
      if (problem) throw new ValidationError(`candle ${index} (open time ${candle.openTime}): ${problem}`);
    });
    const receivedAt = this.clock.now();
    const result = this.repository.upsertMany(key, candles, receivedAt);
    const topic = candleTopic(key);
    for (const candle of candles) {
      this.bus.publish<CandleEvent>(topic, { ...key, candle, receivedAt });
    }
    return result;
  }

  candles(key: SeriesKey, range?: CandleRange): CandleColumns {
    return this.repository.range(key, range);
  }

  series(): SeriesSummary[] {
    return this.repository.listSeries();
  }
}
