// Candlestick pattern rules over the last one to three closed candles; thresholds in pattern-thresholds.ts, written out in docs/indicators.md.
import type { Candle } from '../../model/candle';
import type { PatternThresholds } from './pattern-thresholds';

export const PATTERN_NAMES = [
  'bullish-engulfing',
  'bearish-engulfing',
  'hammer',
  'shooting-star',
  'doji',
  'morning-star',
  'evening-star',
  'three-white-soldiers',
  'three-black-crows',
] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];
export type PatternDirection = 'bullish' | 'bearish' | 'neutral';

export const PATTERN_DIRECTION: Readonly<Record<PatternName, PatternDirection>> = {
  'bullish-engulfing': 'bullish',
  'bearish-engulfing': 'bearish',
  hammer: 'bullish',
  'shooting-star': 'bearish',
  doji: 'neutral',
  'morning-star': 'bullish',
  'evening-star': 'bearish',
  'three-white-soldiers': 'bullish',
  'three-black-crows': 'bearish',
};

/** How many candles each pattern spans (the match is reported on its last one). */
export const PATTERN_LENGTH: Readonly<Record<PatternName, number>> = {
  'bullish-engulfing': 2,
  'bearish-engulfing': 2,
  hammer: 1,
  'shooting-star': 1,
  doji: 1,
  'morning-star': 3,
  'evening-star': 3,
  'three-white-soldiers': 3,
  'three-black-crows': 3,
};

const body = (c: Candle): number => Math.abs(c.close - c.open);
const range = (c: Candle): number => c.high - c.low;
const upperShadow = (c: Candle): number => c.high - Math.max(c.open, c.close);
const lowerShadow = (c: Candle): number => Math.min(c.open, c.close) - c.low;
const rising = (c: Candle): boolean => c.close > c.open;
const falling = (c: Candle): boolean => c.close < c.open;

export function isDoji(c: Candle, t: PatternThresholds): boolean {
  const r = range(c);
  return r > 0 && body(c) <= t.dojiBody * r;
}

/** Small body at the top of the range, long lower shadow, little or no upper shadow. */
export function isHammerShape(c: Candle, t: PatternThresholds): boolean {
  const r = range(c);
  const lower = lowerShadow(c);
  return r > 0 && body(c) <= t.smallBody * r && lower >= t.longShadowToBody * body(c) && lower >= 0.5 * r && upperShadow(c) <= t.shortShadow * r;
}

/** Small body at the bottom of the range, long upper shadow, little or no lower shadow. */
export function isShootingStarShape(c: Candle, t: PatternThresholds): boolean {
  const r = range(c);
  const upper = upperShadow(c);
  return r > 0 && body(c) <= t.smallBody * r && upper >= t.longShadowToBody * body(c) && upper >= 0.5 * r && lowerShadow(c) <= t.shortShadow * r;
}

/** A falling candle, then a rising one whose body covers it and is longer. */
export function isBullishEngulfing(prev: Candle, c: Candle): boolean {
  return falling(prev) && rising(c) && c.open <= prev.close && c.close >= prev.open && body(c) > body(prev);
}

export function isBearishEngulfing(prev: Candle, c: Candle): boolean {
  return rising(prev) && falling(c) && c.open >= prev.close && c.close <= prev.open && body(c) > body(prev);
}

const isLong = (c: Candle, t: PatternThresholds): boolean => range(c) > 0 && body(c) >= t.longBody * range(c);

/**
 * A long falling candle, a small-bodied star that does not rise above the first close (crypto trades
 * around the clock, so no gap is required), then a rising candle that closes past the first body's midpoint.
 */
export function isMorningStar(a: Candle, b: Candle, c: Candle, t: PatternThresholds): boolean {
  if (!falling(a) || !isLong(a, t) || !rising(c)) return false;
  const first = body(a);
  return body(b) <= t.starBody * first && Math.max(b.open, b.close) <= a.close + t.starBody * first && c.close >= a.close + t.starPenetration * first;
}

export function isEveningStar(a: Candle, b: Candle, c: Candle, t: PatternThresholds): boolean {
  if (!rising(a) || !isLong(a, t) || !falling(c)) return false;
  const first = body(a);
  return body(b) <= t.starBody * first && Math.min(b.open, b.close) >= a.close - t.starBody * first && c.close <= a.close - t.starPenetration * first;
}

/** Three long rising candles, each closing higher, each opening within the previous body, short upper shadows. */
export function isThreeWhiteSoldiers(a: Candle, b: Candle, c: Candle, t: PatternThresholds): boolean {
  const soldier = (x: Candle): boolean => rising(x) && isLong(x, t) && upperShadow(x) <= t.soldierShadow * range(x);
  const opensInside = (prev: Candle, x: Candle): boolean => x.open >= prev.open && x.open <= prev.close && x.close > prev.close;
  return soldier(a) && soldier(b) && soldier(c) && opensInside(a, b) && opensInside(b, c);
}

export function isThreeBlackCrows(a: Candle, b: Candle, c: Candle, t: PatternThresholds): boolean {
  const crow = (x: Candle): boolean => falling(x) && isLong(x, t) && lowerShadow(x) <= t.soldierShadow * range(x);
  const opensInside = (prev: Candle, x: Candle): boolean => x.open <= prev.open && x.open >= prev.close && x.close < prev.close;
  return crow(a) && crow(b) && crow(c) && opensInside(a, b) && opensInside(b, c);
}
