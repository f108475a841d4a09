import { describe, expect, it } from 'vitest';
import type { SeriesKey } from '../../../model/candle';
import { candlesFromCloses } from '../../../testing/hand-built-candles';
import { replaySignals } from '../../replay';
import { resolveParams } from '../../strategy-params';
import { smaCross } from './sma-cross';

const series: SeriesKey = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' };
// Flat, then falling (fast below slow: the side is set, no signal), a jump (up-cross at bar 10), a drop (down-cross at bar 13).
const closes = [10, 10, 10, 10, 10, 10, 9, 8, 7, 6, 20, 21, 22, 5, 4, 3];
const candles = candlesFromCloses(closes);
const params = { fast: 2, slow: 4, atrPeriod: 2 };

describe('sma-cross', () => {
  it('signals long exactly at the up-cross and flat exactly at the down-cross', () => {
    const { signals } = replaySignals({ series, strategies: [{ definition: smaCross, params }], candles });
    expect(signals.map((s) => [closes.indexOf(s.price), s.direction])).toEqual([
      [10, 'long'],
      [13, 'flat'],
    ]);
    const [long, flat] = signals;
    expect(long!.rationale).toBe('SMA 2 crossed above SMA 4 (13 vs 10.25)');
    expect(flat!.rationale).toBe('SMA 2 crossed below SMA 4 (13.5 vs 17): exit');
    expect(long!.stop).toBeLessThan(20);
    expect(long!.target).toBeUndefined();
    expect(flat!.stop).toBeUndefined();
  });

  it('with reverse, goes short at the down-cross with the stop above and an ATR target below', () => {
    const { signals } = replaySignals({ series, strategies: [{ definition: smaCross, params: { ...params, reverse: true, targetAtr: 0.2 } }], candles });
    expect(signals.map((s) => s.direction)).toEqual(['long', 'short']);
    const short = signals[1]!;
    expect(short.rationale).toContain('reverse to short');
    expect(short.stop).toBeGreaterThan(5);
    expect(short.target).toBeLessThan(5);
    expect(short.target).toBeGreaterThan(0);
    // A target an ATR multiple would put below zero is left out rather than sent.
    const far = replaySignals({ series, strategies: [{ definition: smaCross, params: { ...params, reverse: true, targetAtr: 5 } }], candles }).signals[1]!;
    expect(far.target).toBeUndefined();
  });

  it('never signals at warm-up, even when the averages start apart', () => {
    const falling = candlesFromCloses([10, 9, 8, 7, 6, 5, 4, 3]);
    expect(replaySignals({ series, strategies: [{ definition: smaCross, params }], candles: falling }).signals).toEqual([]);
  });

  it('needs slow + 1 bars, and refuses fast ≥ slow', () => {
    expect(smaCross.warmUp(resolveParams(smaCross, { fast: 5, slow: 30 }))).toBe(31);
    expect(() => replaySignals({ series, strategies: [{ definition: smaCross, params: { fast: 20, slow: 10 } }], candles })).toThrow(
      'strategy "sma-cross" on bybit BTCUSDT 1m failed in create: RangeError: fast (20) must be shorter than slow (10)',
    );
  });
});
