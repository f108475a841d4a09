import { barOpenTime, nextOpenTime, type Timeframe } from '../../model/timeframe';

/** Bybit v5 kline interval ids and the engine timeframe each one is; D, W and M are calendar bars. */
const TIMEFRAME_OF = {
  '1': '1m',
  '3': '3m',
  '5': '5m',
  '15': '15m',
  '30': '30m',
  '60': '1h',
  '120': '2h',
  '240': '4h',
  '360': '6h',
  '720': '12h',
  D: '1d',
  W: '1w',
  M: '1M',
} as const satisfies Record<string, Timeframe>;

export type BybitInterval = keyof typeof TIMEFRAME_OF;

export function isBybitInterval(value: string): value is BybitInterval {
  return Object.hasOwn(TIMEFRAME_OF, value);
}

/** Open time of the bar of `interval` that contains `time`, on the venues' calendar (weeks start on Monday). */
export function barStart(interval: BybitInterval, time: number): number {
  return barOpenTime(TIMEFRAME_OF[interval], time);
}

/** Open time of the bar after the one that opens at `start`. */
export function nextBarStart(interval: BybitInterval, start: number): number {
  return nextOpenTime(TIMEFRAME_OF[interval], start);
}
