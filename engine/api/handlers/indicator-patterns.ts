import { z } from 'zod';
import type { CandleService } from '../../data/candle-service';
import { PATTERN_NAMES, type PatternDirection, type PatternName } from '../../indicators/patterns/candle-patterns';
import { PatternDetector } from '../../indicators/patterns/pattern-detector';
import { candleAt } from '../../model/candle';
import { defineHandler } from '../define-handler';
import { ValidationError } from '../../core/errors';
import { seriesKeySchema } from '../schemas';
import { MAX_CANDLES_PER_CALL } from './data';

/** One candlestick pattern found in a stored series. */
export type PatternMatchResult = {
  /** Open time of the candle that completes the pattern. */
  readonly openTime: number;
  readonly pattern: PatternName;
  readonly direction: PatternDirection;
  /** How many candles, ending with that one, form it. */
  readonly length: number;
};

export type PatternsResult = {
  /** The patterns looked for (all of them unless a subset was asked for). */
  readonly patterns: readonly PatternName[];
  readonly trendPeriod: number;
  /** Candles scanned in the range (the same rows `data.candles` returns for it). */
  readonly candles: number;
  /** In bar order; a candle may complete several patterns. */
  readonly matches: PatternMatchResult[];
};

const MAX_TREND_PERIOD = 1_000;

/**
 * `indicators.patterns`: the candlestick patterns over the stored candles of a series in [from, to] (the
 * latest `limit` of them). The streaming detector is fed bar by bar, so a match at a bar uses only that
 * bar and the ones before it: what a live feed would have shown then. Enough bars before the range are fed
 * first that matches at its start see the same history (the prior two candles, the trend SMA).
 */
export function createPatternHandlers(deps: { readonly candles: CandleService }) {
  return {
    'indicators.patterns': defineHandler(
      seriesKeySchema
        .extend({
          from: z.number().int().nonnegative().optional(),
          to: z.number().int().nonnegative().optional(),
          limit: z.number().int().positive().max(MAX_CANDLES_PER_CALL).default(MAX_CANDLES_PER_CALL),
          patterns: z.array(z.string().max(64)).min(1).max(PATTERN_NAMES.length).optional(),
          trendPeriod: z.number().int().min(0).max(MAX_TREND_PERIOD).default(0),
        })
        .strict(),
      ({ venue, symbol, timeframe, from, to, limit, patterns, trendPeriod }): PatternsResult => {
        const wanted = requirePatternNames(patterns);
        const key = { venue, symbol, timeframe };
        const rows = deps.candles.candles(key, { from, to, limit });
        const first = rows.openTime[0];
        const result = { patterns: wanted, trendPeriod, candles: rows.openTime.length, matches: [] as PatternMatchResult[] };
        if (first === undefined) return result;
        // Two candles for three-candle patterns, the trend SMA's window before the first of them.
        const before = first > 0 ? deps.candles.candles(key, { to: first - 1, limit: trendPeriod + 3 }) : undefined;
        const detector = new PatternDetector({ trendPeriod });
        if (before) for (let i = 0; i < before.openTime.length; i++) detector.update(candleAt(before, i));
        const keep = new Set<string>(wanted);
        for (let i = 0; i < rows.openTime.length; i++) {
          for (const match of detector.update(candleAt(rows, i))) {
            if (keep.has(match.pattern)) result.matches.push({ openTime: match.openTime, pattern: match.pattern, direction: match.direction, length: match.length });
          }
        }
        return result;
      },
    ),
  };
}

function requirePatternNames(names: readonly string[] | undefined): PatternName[] {
  if (names === undefined) return [...PATTERN_NAMES];
  const valid = new Set<string>(PATTERN_NAMES);
  const unknown = names.filter((name) => !valid.has(name));
  if (unknown.length > 0) {
    throw new ValidationError(`unknown pattern${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; valid patterns: ${PATTERN_NAMES.join(', ')}`);
  }
  return PATTERN_NAMES.filter((name) => names.includes(name));
}
