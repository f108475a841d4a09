import { describe, expect, it } from 'vitest';
import type { Candle } from '../../model/candle';
import { PATTERN_NAMES, type PatternName } from './candle-patterns';
import { detectPatterns, PatternDetector } from './pattern-detector';

let time = 0;
/** A candle from open, high, low, close; open times advance by a minute. */
const k = (open: number, high: number, low: number, close: number): Candle => ({ openTime: (time += 60_000), open, high, low, close, volume: 1 });
/** Patterns completed by the last candle of `candles`. */
const last = (candles: Candle[], options = {}): PatternName[] => {
  const detector = new PatternDetector(options);
  let found: PatternName[] = [];
  for (const c of candles) found = detector.update(c).map((m) => m.pattern);
  return found;
};
const neutral = k(103, 104, 102, 103.5); // a plain candle that forms nothing with the ones around it below

describe('single-candle patterns', () => {
  it('doji: body at most 10% of the range', () => {
    expect(last([k(100, 105, 95, 100.5)])).toEqual(['doji']);
    expect(last([k(100, 105, 95, 101.5)])).toEqual([]); // body 15% of the range
    expect(last([k(100, 100, 100, 100)])).toEqual([]); // no range: nothing to read
  });

  it('hammer: small body on top, lower shadow ≥ 2× body and ≥ half the range, upper shadow ≤ 10%', () => {
    expect(last([k(100, 102.5, 93, 102)])).toEqual(['hammer']);
    expect(last([k(100, 104, 93, 102)])).toEqual([]); // upper shadow 18% of the range
    expect(last([k(100, 104, 96, 104)])).toEqual([]); // body is the whole candle
  });

  it('shooting star: the mirror of a hammer', () => {
    expect(last([k(102, 109.5, 99.5, 100)])).toEqual(['shooting-star']);
    expect(last([k(102, 109.5, 98, 100)])).toEqual([]); // lower shadow 17% of the range
  });

  it('a dragonfly doji is both a doji and a hammer: every matching pattern is reported', () => {
    expect(last([k(100, 100.2, 90, 100.1)])).toEqual(['doji', 'hammer']);
  });
});

describe('two-candle patterns', () => {
  it('bullish engulfing: a falling candle, then a longer rising body that covers it', () => {
    expect(last([k(102, 102.5, 99.5, 100), k(99.8, 103.5, 99.5, 103)])).toEqual(['bullish-engulfing']);
    expect(last([k(102, 102.5, 99.5, 100), k(100.5, 103.5, 100.2, 103)])).toEqual([]); // opens above the prior close
    expect(last([k(100, 102.5, 99.5, 102), k(99.8, 103.5, 99.5, 103)])).toEqual([]); // prior candle rose
  });

  it('bearish engulfing: the mirror', () => {
    expect(last([k(100, 102.5, 99.5, 102), k(102.2, 102.5, 98.5, 99)])).toEqual(['bearish-engulfing']);
    expect(last([k(100, 102.5, 99.5, 102), k(102.2, 102.5, 100.5, 101)])).toEqual([]); // does not close below the prior open
  });
});

describe('three-candle patterns', () => {
  it('morning star: long fall, small star at the low, rise past the first body’s midpoint', () => {
    const fall = k(110, 110.5, 99.5, 100);
    expect(last([fall, k(100, 101, 98, 99.5), k(99.6, 106.5, 99.4, 106)])).toEqual(['morning-star']);
    expect(last([fall, k(100, 101, 98, 99.5), k(99.6, 104.5, 99.4, 104)])).toEqual([]); // closes below the midpoint (105)
    expect(last([fall, k(100, 104, 98, 103.5), k(103.6, 106.5, 103.4, 106)])).toEqual([]); // the star's body is too big
  });

  it('evening star: the mirror', () => {
    const rise = k(100, 110.5, 99.5, 110);
    expect(last([rise, k(110, 112, 109, 110.5), k(110.4, 110.6, 103.5, 104)])).toEqual(['evening-star']);
    expect(last([rise, k(110, 112, 109, 110.5), k(110.4, 110.6, 105.5, 106)])).toEqual([]);
  });

  it('three white soldiers: three long rising candles, each opening inside the last body and closing higher', () => {
    expect(last([k(100, 104.2, 99.8, 104), k(102, 106.2, 101.8, 106), k(104, 108.2, 103.8, 108)])).toEqual(['three-white-soldiers']);
    expect(last([k(100, 104.2, 99.8, 104), k(104.5, 108.2, 104.3, 108), k(106, 110.2, 105.8, 110)])).toEqual([]); // second opens above the first body
    expect(last([k(100, 104.2, 99.8, 104), k(102, 109, 101.8, 106), k(104, 108.2, 103.8, 108)])).toEqual([]); // long upper shadow on the second
  });

  it('three black crows: the mirror', () => {
    expect(last([k(108, 108.2, 103.8, 104), k(106, 106.2, 101.8, 102), k(104, 104.2, 99.8, 100)])).toEqual(['three-black-crows']);
    expect(last([k(108, 108.2, 103.8, 104), k(106, 106.2, 101.8, 102), k(104, 104.2, 101.9, 102.5)])).toEqual([]); // third is short and closes above the second
  });

  it('a neutral candle before a pattern changes nothing; patterns are reported on their last candle only', () => {
    const candles = [neutral, k(102, 102.5, 99.5, 100), k(99.8, 103.5, 99.5, 103), neutral];
    expect(detectPatterns(candles).map((m) => [m.index, m.pattern, m.length, m.direction])).toEqual([[2, 'bullish-engulfing', 2, 'bullish']]);
  });
});

describe('trend context (optional)', () => {
  const decline = [110, 109, 108, 107, 106, 105].map((c) => k(c + 0.8, c + 1, c - 0.2, c));
  const advance = [100, 101, 102, 103, 104, 105].map((c) => k(c - 0.8, c + 0.2, c - 1, c));
  const hammer = () => k(100, 102.5, 93, 102);

  it('off by default: shapes alone decide', () => {
    expect(last([...advance, hammer()])).toEqual(['hammer']);
  });

  it('on: a hammer needs a prior decline, a shooting star a prior advance', () => {
    expect(last([...decline, hammer()], { trendPeriod: 5 })).toEqual(['hammer']);
    expect(last([...advance, hammer()], { trendPeriod: 5 })).toEqual([]);
    expect(last([...advance, k(107, 114.5, 104.5, 105)], { trendPeriod: 5 })).toEqual(['shooting-star']);
    expect(last([...decline, k(107, 114.5, 104.5, 105)], { trendPeriod: 5 })).toEqual([]);
  });

  it('on: the trend is read before the pattern’s first candle, and neutral patterns ignore it', () => {
    const fall = k(104.5, 105, 94.5, 95);
    expect(last([...decline, fall, k(95, 96, 93, 94.5), k(94.6, 101.5, 94.4, 101)], { trendPeriod: 5 })).toEqual(['morning-star']);
    expect(last([...advance, fall, k(95, 96, 93, 94.5), k(94.6, 101.5, 94.4, 101)], { trendPeriod: 5 })).toEqual([]);
    expect(last([...advance, k(100, 105, 95, 100.5)], { trendPeriod: 5 })).toEqual(['doji']);
    expect(last([k(100, 105, 95, 100.5)], { trendPeriod: 5 })).toEqual(['doji']); // too early for a trend: still a doji
    expect(last([hammer()], { trendPeriod: 5 })).toEqual([]); // too early for a trend: reversal not confirmed
  });

  it('rejects a bad trend period', () => {
    expect(() => new PatternDetector({ trendPeriod: -1 })).toThrow('PatternDetector: trendPeriod must be an integer ≥ 0, got -1');
  });
});

describe('detectPatterns', () => {
  it('equals streaming the same candles, and reset starts over', () => {
    const candles: Candle[] = [];
    for (let i = 0; i < 400; i++) {
      const base = 100 + 10 * Math.sin(i / 7);
      const open = base + ((i * 37) % 11) / 5 - 1;
      const close = base + ((i * 53) % 13) / 5 - 1.2;
      candles.push(k(open, Math.max(open, close) + ((i * 17) % 7) / 4, Math.min(open, close) - ((i * 29) % 5) / 3, close));
    }
    const batch = detectPatterns(candles, { trendPeriod: 10 });
    const detector = new PatternDetector({ trendPeriod: 10 });
    const streamed = candles.flatMap((c, index) => detector.update(c).map((m) => ({ ...m, index })));
    expect(streamed).toEqual(batch);
    expect(new Set(batch.map((m) => m.pattern)).size).toBeGreaterThan(3);
    detector.reset();
    expect(candles.flatMap((c, index) => detector.update(c).map((m) => ({ ...m, index })))).toEqual(batch);
    expect(PATTERN_NAMES).toHaveLength(9);
  });
});
