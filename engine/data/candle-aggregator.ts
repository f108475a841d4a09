import type { Candle, CandleColumns, SeriesKey } from '../model/candle';
import { barOpenTime, nextOpenTime, type Timeframe } from '../model/timeframe';
import type { CandleService } from './candle-service';

/**
 * Bars of `timeframe` built from finer bars (oldest first): open of the first, high and low over all,
 * close of the last, volumes summed in time order — the order a venue sums them, so the results agree
 * to the last bit with the venue's own bars.
 */
export function aggregateColumns(fine: CandleColumns, timeframe: Timeframe): Candle[] {
  const bars: Candle[] = [];
  let current: { openTime: number; open: number; high: number; low: number; close: number; volume: number } | null = null;
  for (let i = 0; i < fine.openTime.length; i++) {
    const openTime = barOpenTime(timeframe, fine.openTime[i]!);
    if (!current || current.openTime !== openTime) {
      if (current) bars.push(current);
      current = { openTime, open: fine.open[i]!, high: fine.high[i]!, low: fine.low[i]!, close: fine.close[i]!, volume: fine.volume[i]! };
      continue;
    }
    current.high = Math.max(current.high, fine.high[i]!);
    current.low = Math.min(current.low, fine.low[i]!);
    current.close = fine.close[i]!;
    current.volume += fine.volume[i]!;
  }
  if (current) bars.push(current);
  return bars;
}

/**
 * Keeps an aggregated series in step with its one-minute source: whenever minutes in [from, to] change,
 * every coarser bar that covers them is rebuilt from the stored minutes. Rebuilding from the store,
 * not from the updates seen, keeps it right across restarts, reconnects and backfills.
 */
export class CandleAggregator {
  constructor(private readonly candles: CandleService) {}

  rebuild(source: SeriesKey, target: Timeframe, changed: { from: number; to: number }, options: { now: number; live: boolean }): Candle[] {
    const from = barOpenTime(target, changed.from);
    const to = nextOpenTime(target, barOpenTime(target, changed.to)) - 1;
    const bars = aggregateColumns(this.candles.candles(source, { from, to }), target);
    if (bars.length === 0) return bars;
    const key = { ...source, timeframe: target };
    const openFrom = barOpenTime(target, options.now);
    if (options.live) this.candles.append(key, bars, { openFrom });
    else this.candles.appendHistory(key, bars.filter((bar) => bar.openTime < openFrom));
    return bars;
  }
}
