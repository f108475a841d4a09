import { timeframeMs, type Timeframe } from '../../model/timeframe';

const YEAR_MS = 365.25 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/**
 * Bars in a year, for annualising per-bar statistics. Crypto trades around the clock: a year is 365.25 days of
 * bars (8,766 hourly bars). A stock trades 252 days a year: daily bars count 252, weekly 52, monthly 12, and
 * intraday bars 252 × the bars in a 6.5-hour session.
 */
export function periodsPerYear(timeframe: Timeframe, kind: 'crypto' | 'stock' = 'crypto'): number {
  if (timeframe === '1M') return 12;
  if (timeframe === '1w') return 52;
  const ms = timeframeMs(timeframe);
  if (kind === 'stock') return ms >= DAY_MS ? 252 : 252 * Math.max(1, Math.round((6.5 * 3_600_000) / ms));
  return YEAR_MS / ms;
}
