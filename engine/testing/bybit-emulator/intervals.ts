const MINUTE = 60_000;

/** Bybit v5 kline interval ids and the minutes they span; D, W and M are calendar bars. */
export const BYBIT_INTERVALS = ['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D', 'W', 'M'] as const;
export type BybitInterval = (typeof BYBIT_INTERVALS)[number];

export function isBybitInterval(value: string): value is BybitInterval {
  return (BYBIT_INTERVALS as readonly string[]).includes(value);
}

/** Open time of the bar of `interval` that contains `time`. Weeks start on Monday 00:00 UTC, as on Bybit. */
export function barStart(interval: BybitInterval, time: number): number {
  if (interval === 'M') {
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  if (interval === 'W') {
    const day = Math.floor(time / (1440 * MINUTE));
    // 1970-01-01 was a Thursday: shift so that Monday is day 0 of the week.
    const weekday = (day + 3) % 7;
    return (day - weekday) * 1440 * MINUTE;
  }
  const length = interval === 'D' ? 1440 * MINUTE : Number(interval) * MINUTE;
  return time - (time % length);
}

/** Open time of the bar after the one that opens at `start`. */
export function nextBarStart(interval: BybitInterval, start: number): number {
  if (interval === 'M') {
    const date = new Date(start);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  if (interval === 'W') return start + 7 * 1440 * MINUTE;
  if (interval === 'D') return start + 1440 * MINUTE;
  return start + Number(interval) * MINUTE;
}
