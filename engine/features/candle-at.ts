import type { Candle, CandleColumns } from '../model/candle';

/** Bar `i` of a column-wise series as a `Candle`, for feeding bar indicators from stored columns. */
export function candleAt(columns: CandleColumns, i: number): Candle {
  return {
    openTime: columns.openTime[i]!,
    open: columns.open[i]!,
    high: columns.high[i]!,
    low: columns.low[i]!,
    close: columns.close[i]!,
    volume: columns.volume[i]!,
  };
}
