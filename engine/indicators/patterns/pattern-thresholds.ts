/**
 * Thresholds of the candlestick patterns, as ratios of a candle's own range (high − low) or body
 * (|close − open|), so they work at any price. The defaults follow the usual textbook shapes (Nison);
 * docs/indicators.md lists them with each pattern's rule.
 */
export type PatternThresholds = {
  /** Doji: body ≤ this × range. */
  readonly dojiBody: number;
  /** Hammer / shooting star: body ≤ this × range … */
  readonly smallBody: number;
  /** … the long shadow ≥ this × body (and ≥ half the range) … */
  readonly longShadowToBody: number;
  /** … the other shadow ≤ this × range. */
  readonly shortShadow: number;
  /** A "long" candle (star patterns' first bar, soldiers, crows): body ≥ this × range. */
  readonly longBody: number;
  /** Morning/evening star: the star's body ≤ this × the first candle's body. */
  readonly starBody: number;
  /** Morning/evening star: the third candle closes this far into the first candle's body (0.5 = past its midpoint). */
  readonly starPenetration: number;
  /** Soldiers / crows: the shadow in the direction of the move ≤ this × range. */
  readonly soldierShadow: number;
  /**
   * Trend context: 0 turns it off. Otherwise reversal patterns need the close before the pattern on the
   * right side of the SMA of this many closes (below it for bullish reversals, above for bearish ones).
   */
  readonly trendPeriod: number;
};

export const DEFAULT_PATTERN_THRESHOLDS: PatternThresholds = {
  dojiBody: 0.1,
  smallBody: 0.3,
  longShadowToBody: 2,
  shortShadow: 0.1,
  longBody: 0.6,
  starBody: 0.3,
  starPenetration: 0.5,
  soldierShadow: 0.3,
  trendPeriod: 0,
};
