import type { Timeframe } from '../engine-client/api-types';

/** Every timeframe the engine knows, shortest first (TIMEFRAMES in engine/model/timeframe.ts). */
export const TIMEFRAME_ORDER = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w', '1M'] as const satisfies readonly Timeframe[];

/** The timeframes a trader switches between all day; others appear only when a series has them. */
export const COMMON_TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const satisfies readonly Timeframe[];

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAME_ORDER as readonly string[]).includes(value);
}

/** The common timeframes plus any others given, in canonical order. */
export function timeframeChoices(extra: Iterable<Timeframe>): Timeframe[] {
  const wanted = new Set<Timeframe>([...COMMON_TIMEFRAMES, ...extra]);
  return TIMEFRAME_ORDER.filter((tf) => wanted.has(tf));
}
