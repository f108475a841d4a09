import { ValidationError } from '../core/errors';

export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w', '1M'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE = 60_000;
const DURATIONS: Record<Timeframe, number> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': 1440 * MINUTE,
  '1w': 10080 * MINUTE,
  // Months vary in length; 30 days is the nominal bar length used only for spacing and gap estimates.
  '1M': 43200 * MINUTE,
};

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

export function parseTimeframe(value: string): Timeframe {
  if (!isTimeframe(value)) {
    throw new ValidationError(`unknown timeframe "${value}"; use one of ${TIMEFRAMES.join(', ')}`);
  }
  return value;
}

export function timeframeMs(timeframe: Timeframe): number {
  return DURATIONS[timeframe];
}

/**
 * Open time of the `timeframe` bar that contains `time`, on the venues' calendar: UTC days, weeks that
 * start on Monday, calendar months.
 */
export function barOpenTime(timeframe: Timeframe, time: number): number {
  if (timeframe === '1M') {
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  if (timeframe === '1w') {
    const day = Math.floor(time / DURATIONS['1d']);
    // 1970-01-01 was a Thursday; shift so that Monday starts the week.
    return (day - ((day + 3) % 7)) * DURATIONS['1d'];
  }
  return time - (time % DURATIONS[timeframe]);
}

/** Open time of the bar after the one that opens at `openTime`. */
export function nextOpenTime(timeframe: Timeframe, openTime: number): number {
  if (timeframe === '1M') {
    const date = new Date(openTime);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return openTime + DURATIONS[timeframe];
}
