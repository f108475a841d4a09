import { describe, expect, it } from 'vitest';
import { Adx } from '../../../indicators/adx';
import { indicatorSeries } from '../../../indicators/indicator-series';
import { Macd } from '../../../indicators/macd';
import type { SeriesKey } from '../../../model/candle';
import type { FlowSnapshot } from '../../../model/flow';
import { candlesFromCloses } from '../../../testing/hand-built-candles';
import { replaySignals } from '../../replay';
import { flowEffect, trendFollow } from './trend-follow';

const series: SeriesKey = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1h' };
const params = { fast: 5, slow: 10, signal: 4, adxPeriod: 5, adxMin: 20, atrPeriod: 5 };
// A slow decline, a strong rally, then a strong fall: one up-cross, one down-cross.
const down = Array.from({ length: 30 }, (_, i) => 120 - i * 0.5);
const up = Array.from({ length: 30 }, (_, i) => 105.5 + i * 2);
const fall = Array.from({ length: 30 }, (_, i) => 163 - i * 2.5);
const closes = [...down, ...up, ...fall];
const candles = candlesFromCloses(closes, { stepMs: 3_600_000, wick: 0.3 });

/** Bars where the rules hold, computed from the indicators independently. */
function expected(confirmBars = 3) {
  const macd = indicatorSeries(new Macd(params.fast, params.slow, params.signal), closes);
  const adx = indicatorSeries(new Adx(params.adxPeriod), candles);
  const crosses: { bar: number; side: 'long' | 'short' }[] = [];
  let sign = 0;
  macd.forEach((m, i) => {
    if (!m || m.macd === 0) return;
    const now = m.macd > 0 ? 1 : -1;
    if (sign !== 0 && now !== sign) crosses.push({ bar: i, side: now > 0 ? 'long' : 'short' });
    sign = now;
  });
  const entries = crosses.map(({ bar, side }) => {
    for (let b = bar; b <= bar + confirmBars; b++) {
      const way = side === 'long' ? 1 : -1;
      if (way * macd[b]!.histogram > 0 && adx[b] && adx[b]!.adx >= params.adxMin) return { bar: b, side, crossBar: bar, adx: adx[b]!.adx, histogram: macd[b]!.histogram };
    }
    return undefined;
  });
  return { crosses, entries };
}

const flowOf = (inflow: number, outflow: number) => (): FlowSnapshot => ({ asset: 'BTC', inflow, outflow, netFlow: inflow - outflow, at: 0 });

describe('trend-follow', () => {
  it('enters when the EMA cross is confirmed by the MACD histogram and ADX, exits and reverses at the opposite cross', () => {
    const { crosses, entries } = expected();
    expect(crosses.map((c) => c.side)).toEqual(['long', 'short']);
    const [longEntry, shortEntry] = entries;
    expect(longEntry && shortEntry).toBeTruthy();
    const { signals } = replaySignals({ series, strategies: [{ definition: trendFollow, params }], candles });
    const at = (time: number) => candles.findIndex((c) => c.openTime === time);
    expect(signals.map((s) => [at(s.time), s.direction])).toEqual([
      [longEntry!.bar, 'long'],
      [crosses[1]!.bar, 'flat'],
      [shortEntry!.bar, 'short'],
    ]);
    const long = signals[0]!;
    const ago = longEntry!.bar - longEntry!.crossBar;
    expect(long.rationale).toBe(
      `EMA 5 crossed above EMA 10${ago > 0 ? ` ${ago} bar${ago > 1 ? 's' : ''} ago` : ''}, MACD histogram +${longEntry!.histogram.toFixed(2)}, ADX ${longEntry!.adx.toFixed(0)} (trending)`,
    );
    expect(long.stop).toBeLessThan(long.price);
    expect(long.target).toBeGreaterThan(long.price);
    expect(signals[1]!.rationale).toBe('EMA 5 crossed below EMA 10: the long trend is over');
    expect(signals[2]!.stop).toBeGreaterThan(signals[2]!.price);
  });

  it('stays out when ADX says the market does not trend', () => {
    const { signals } = replaySignals({ series, strategies: [{ definition: trendFollow, params: { ...params, adxMin: 99 } }], candles });
    expect(signals).toEqual([]);
  });

  it('without shorts, the down-cross only exits', () => {
    const { signals } = replaySignals({ series, strategies: [{ definition: trendFollow, params: { ...params, allowShort: false } }], candles });
    expect(signals.map((s) => s.direction)).toEqual(['long', 'flat']);
  });

  it('exchange inflow weakens or vetoes longs and strengthens shorts; outflow the reverse', () => {
    const run = (inflow: number, outflow: number) =>
      replaySignals({ series, strategies: [{ definition: trendFollow, params: { ...params, flowMin: 10 } }], candles, context: { flow: flowOf(inflow, outflow) } }).signals;
    const plain = replaySignals({ series, strategies: [{ definition: trendFollow, params }], candles }).signals;
    const plainLong = plain[0]!;
    const plainShort = plain[2]!;
    // 30 % net inflow: longs weaker, shorts stronger (where not already at full strength).
    const mild = run(650, 350);
    expect(mild[0]!.strength).toBeCloseTo(plainLong.strength * 0.7, 9);
    expect(mild[0]!.rationale).toContain('exchange net inflow 300 BTC weakens it');
    expect(mild[2]!.strength).toBeGreaterThanOrEqual(plainShort.strength);
    expect(mild[2]!.rationale).toContain('exchange net inflow 300 BTC supports it');
    // 80 % net inflow: the long is vetoed (so nothing to exit); the short still comes.
    expect(run(900, 100).map((s) => s.direction)).toEqual(['short']);
    // Heavy outflow: the short is vetoed instead.
    expect(run(100, 900).map((s) => s.direction)).toEqual(['long', 'flat']);
    // Too little flow to matter.
    expect(run(5, 0).map((s) => s.strength)).toEqual(plain.map((s) => s.strength));
  });

  it('flowEffect: absent flow changes nothing', () => {
    expect(flowEffect('long', undefined, 0.6, 100)).toEqual({ factor: 1, veto: false, note: '' });
    expect(flowEffect('short', flowOf(1_000, 0)(), 0.6, 100)).toMatchObject({ factor: 1.5, veto: false });
  });
});
