import type { Candle } from '../../model/candle';
import { Sma } from '../sma';
import {
  isBearishEngulfing,
  isBullishEngulfing,
  isDoji,
  isEveningStar,
  isHammerShape,
  isMorningStar,
  isShootingStarShape,
  isThreeBlackCrows,
  isThreeWhiteSoldiers,
  PATTERN_DIRECTION,
  PATTERN_LENGTH,
  type PatternDirection,
  type PatternName,
} from './candle-patterns';
import { DEFAULT_PATTERN_THRESHOLDS, type PatternThresholds } from './pattern-thresholds';

export type PatternMatch = {
  readonly pattern: PatternName;
  readonly direction: PatternDirection;
  /** Open time of the candle that completes the pattern (the current one). */
  readonly openTime: number;
  /** How many candles, ending with the current one, form the pattern. */
  readonly length: number;
};

/** Trend before a candle: the close compared with the SMA of the closes up to it. */
type Trend = 'up' | 'down' | 'flat' | 'unknown';

/** Bullish reversals need a prior decline and bearish ones a prior advance, when trend context is on. */
const NEEDS: Partial<Record<PatternName, Trend>> = {
  'bullish-engulfing': 'down',
  hammer: 'down',
  'morning-star': 'down',
  'bearish-engulfing': 'up',
  'shooting-star': 'up',
  'evening-star': 'up',
};

/**
 * Streaming candlestick-pattern detector: fed closed candles in order, returns the patterns completed
 * by the current one. Keeps the last three candles and, with trend context on, an SMA of closes and the
 * trend before each of them: O(1) per candle.
 */
export class PatternDetector {
  readonly thresholds: PatternThresholds;
  private readonly trendSma: Sma | undefined;
  private a: Candle | undefined = undefined;
  private b: Candle | undefined = undefined;
  /** Trend as of the close before candle a, b and the current one. */
  private trendBeforeA: Trend = 'unknown';
  private trendBeforeB: Trend = 'unknown';
  private trendBeforeCurrent: Trend = 'unknown';

  constructor(thresholds: Partial<PatternThresholds> = {}) {
    this.thresholds = { ...DEFAULT_PATTERN_THRESHOLDS, ...thresholds };
    const period = this.thresholds.trendPeriod;
    if (!Number.isInteger(period) || period < 0) throw new RangeError(`PatternDetector: trendPeriod must be an integer ≥ 0, got ${String(period)}`);
    this.trendSma = period > 0 ? new Sma(period) : undefined;
  }

  update(c: Candle): PatternMatch[] {
    const t = this.thresholds;
    const a = this.a;
    const b = this.b;
    const found: PatternName[] = [];
    if (isDoji(c, t)) found.push('doji');
    if (isHammerShape(c, t)) found.push('hammer');
    if (isShootingStarShape(c, t)) found.push('shooting-star');
    if (b) {
      if (isBullishEngulfing(b, c)) found.push('bullish-engulfing');
      if (isBearishEngulfing(b, c)) found.push('bearish-engulfing');
      if (a) {
        if (isMorningStar(a, b, c, t)) found.push('morning-star');
        if (isEveningStar(a, b, c, t)) found.push('evening-star');
        if (isThreeWhiteSoldiers(a, b, c, t)) found.push('three-white-soldiers');
        if (isThreeBlackCrows(a, b, c, t)) found.push('three-black-crows');
      }
    }
    const matches: PatternMatch[] = [];
    for (const pattern of found) {
      const length = PATTERN_LENGTH[pattern];
      if (this.trendSma && !this.trendAgrees(pattern, length)) continue;
      matches.push({ pattern, direction: PATTERN_DIRECTION[pattern], openTime: c.openTime, length });
    }
    this.advance(c);
    return matches;
  }

  reset(): void {
    this.trendSma?.reset();
    this.a = this.b = undefined;
    this.trendBeforeA = this.trendBeforeB = this.trendBeforeCurrent = 'unknown';
  }

  private trendAgrees(pattern: PatternName, length: number): boolean {
    const needed = NEEDS[pattern];
    if (needed === undefined) return true;
    const before = length === 3 ? this.trendBeforeA : length === 2 ? this.trendBeforeB : this.trendBeforeCurrent;
    return before === needed;
  }

  private advance(c: Candle): void {
    const sma = this.trendSma?.update(c.close);
    const trendAfter: Trend = sma === undefined ? 'unknown' : c.close < sma ? 'down' : c.close > sma ? 'up' : 'flat';
    this.trendBeforeA = this.trendBeforeB;
    this.trendBeforeB = this.trendBeforeCurrent;
    this.trendBeforeCurrent = trendAfter;
    this.a = this.b;
    this.b = c;
  }
}

/** A match found over an array, with the index of the candle that completes it. */
export type IndexedPatternMatch = PatternMatch & { readonly index: number };

/** Runs the streaming detector over candles in order; the same matches a live feed would see. */
export function detectPatterns(candles: readonly Candle[], thresholds: Partial<PatternThresholds> = {}): IndexedPatternMatch[] {
  const detector = new PatternDetector(thresholds);
  const out: IndexedPatternMatch[] = [];
  candles.forEach((candle, index) => {
    for (const match of detector.update(candle)) out.push({ ...match, index });
  });
  return out;
}
