import type { SeriesMarker, Time } from 'lightweight-charts';
import type { PatternMatchResult, PatternsResult, SeriesKey } from '../../../engine-client/api-types';
import { toChartTime } from '../candle-bars';
import { CHART_THEME } from '../chart-theme';
import type { FeedSource } from '../candle-feed';
import { watchSeriesChanges } from './overlay-feed';
import { errorText } from '../../../format/format';

/** Names a trader reads in the chip's tooltip. */
export const PATTERN_LABELS: Readonly<Record<PatternMatchResult['pattern'], string>> = {
  'bullish-engulfing': 'Bullish engulfing',
  'bearish-engulfing': 'Bearish engulfing',
  hammer: 'Hammer',
  'shooting-star': 'Shooting star',
  doji: 'Doji',
  'morning-star': 'Morning star',
  'evening-star': 'Evening star',
  'three-white-soldiers': 'Three white soldiers',
  'three-black-crows': 'Three black crows',
};

/**
 * Text on the chart only for the three-candle patterns: they are rare and worth naming, while one- and
 * two-candle shapes turn up every few bars and labelling each would bury the candles.
 */
const MARKER_TEXT: Partial<Record<PatternMatchResult['pattern'], string>> = {
  'morning-star': 'M★',
  'evening-star': 'E★',
  'three-white-soldiers': '3W',
  'three-black-crows': '3B',
};

const NEUTRAL = 'rgba(139, 148, 158, 0.8)';

/**
 * Chart markers for patterns: bullish a green dot under the bar, bearish a red one over it, a doji a
 * smaller grey dot over it. Dots, not arrows, so they never read as the strategy signals drawn beside them.
 */
export function patternMarkers(matches: readonly PatternMatchResult[]): SeriesMarker<Time>[] {
  return matches.map((m) => {
    const time = toChartTime(m.openTime);
    const id = `pattern-${m.pattern}-${m.openTime}`;
    const text = MARKER_TEXT[m.pattern];
    const named = text === undefined ? {} : { text };
    if (m.direction === 'bullish') return { time, id, position: 'belowBar', shape: 'circle', color: CHART_THEME.up, size: 0.5, ...named };
    if (m.direction === 'bearish') return { time, id, position: 'aboveBar', shape: 'circle', color: CHART_THEME.down, size: 0.5, ...named };
    return { time, id, position: 'aboveBar', shape: 'circle', color: NEUTRAL, size: 0.3, ...named };
  });
}

/** "3 hammer · 2 doji …": the patterns found, most frequent first, for the chip's tooltip. */
export function patternSummary(matches: readonly PatternMatchResult[]): string {
  if (matches.length === 0) return 'No patterns in the loaded bars';
  const counts = new Map<PatternMatchResult['pattern'], number>();
  for (const m of matches) counts.set(m.pattern, (counts.get(m.pattern) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([pattern, count]) => `${count} ${PATTERN_LABELS[pattern]}`)
    .join(' · ');
}

/**
 * The chart asks for reversal patterns only where they reverse something: after a move against them
 * over this many bars. Without that context hammers and stars mark every other bar of a quiet market.
 */
export const CHART_TREND_PERIOD = 10;

export type PatternStatus =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly result: PatternsResult }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Keeps the patterns of one series current: loads them with `indicators.patterns`, and again when the
 * stored series changes (a bar closes, history arrives, the engine comes back). A reply overtaken by a
 * newer request is dropped. Returns the function that stops it.
 */
export function startPatternFeed(source: FeedSource, key: SeriesKey, onStatus: (status: PatternStatus) => void, options: { readonly delayMs?: number } = {}): () => void {
  let generation = 0;
  let stopped = false;
  const load = (): void => {
    const mine = ++generation;
    const current = (): boolean => !stopped && mine === generation;
    source.call('indicators.patterns', { ...key, trendPeriod: CHART_TREND_PERIOD }).then(
      (result) => {
        if (current()) onStatus({ kind: 'ready', result });
      },
      (error: unknown) => {
        if (current()) onStatus({ kind: 'error', message: errorText(error) });
      },
    );
  };
  onStatus({ kind: 'loading' });
  load();
  const unwatch = watchSeriesChanges(source, key, load, options.delayMs ?? 300);
  return () => {
    stopped = true;
    unwatch();
  };
}
