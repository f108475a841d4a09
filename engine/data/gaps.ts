import { nextOpenTime, type Timeframe } from '../model/timeframe';

/** A run of missing bars: the first and last missing open times, and how many bars are missing. */
export type Gap = { readonly from: number; readonly to: number; readonly missing: number };

/**
 * Missing bars between consecutive stored open times (and, when given, at the edges of [from, to]).
 * Works on the venues' calendar, so months of different lengths are not gaps.
 */
export function findGaps(openTimes: readonly number[], timeframe: Timeframe, bounds: { from?: number; to?: number } = {}): Gap[] {
  const gaps: Gap[] = [];
  const times = bounds.from !== undefined && (openTimes.length === 0 || openTimes[0]! > bounds.from) ? [bounds.from - 1, ...openTimes] : [...openTimes];
  const leadingSentinel = times.length > openTimes.length;
  for (let i = 0; i + 1 < times.length; i++) {
    const expected = leadingSentinel && i === 0 ? bounds.from! : nextOpenTime(timeframe, times[i]!);
    const actual = times[i + 1]!;
    if (actual > expected) gaps.push(gapBetween(timeframe, expected, actual));
  }
  if (bounds.to !== undefined) {
    const last = times.at(-1);
    const expected = last === undefined ? bounds.from : leadingSentinel && times.length === 1 ? bounds.from : nextOpenTime(timeframe, last);
    if (expected !== undefined && expected <= bounds.to) gaps.push(gapBetween(timeframe, expected, nextOpenTime(timeframe, bounds.to)));
  }
  return gaps;
}

/** The gap of bars opening at `first`, … up to (not including) `next`. */
function gapBetween(timeframe: Timeframe, first: number, next: number): Gap {
  let missing = 0;
  let last = first;
  for (let t = first; t < next; t = nextOpenTime(timeframe, t)) {
    last = t;
    missing += 1;
  }
  return { from: first, to: last, missing };
}
