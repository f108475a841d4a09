import { describe, expect, it } from 'vitest';
import { frozenCandles, toColumns, type Candle, type SeriesKey } from '../../model/candle';
import { STOCK } from '../../adapters/sim/test-instruments';
import type { RegimeState } from '../../model/regime';
import type { StrategySignal } from '../../model/signal';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../strategy/strategy-api';
import { backtestConfigSchema, type BacktestConfigInput } from '../backtest-config';
import { runKernel } from './backtest-kernel';

const DAY = 86_400_000;
const series: SeriesKey = { venue: 'sim', symbol: 'GOOG', timeframe: '1d' };

const ohlc: [number, number, number, number][] = [
  [100, 101, 99, 100],
  [100, 102, 99, 101], // long signal at the close: stop 95, target 110
  [102, 104, 101, 103], // next-open entry at 102
  [103, 111, 102, 108], // the target at 110 trades inside the bar
  [108, 109, 100, 101], // short signal at the close: stop 105
  [99, 106, 98, 104], // next-open entry at 99 (a gap down); the stop at 105 trades inside the bar
  [104, 105, 103, 104],
];
const bars: Candle[] = ohlc.map(([open, high, low, close], i) => ({ openTime: i * DAY, open, high, low, close, volume: 1_000 }));

/** Says what the script says at each bar, nothing else. */
function scripted(script: Record<number, StrategySignal>): StrategyDefinition {
  return {
    name: 'scripted',
    apiVersion: STRATEGY_API_VERSION,
    description: 'signals from a script',
    parameters: [],
    warmUp: () => 1,
    create: () => ({ onCandle: ({ candle }) => script[candle.openTime / DAY] }),
  };
}

const script = scripted({
  1: { direction: 'long', strength: 1, stop: 95, target: 110, rationale: 'scripted long' },
  4: { direction: 'short', strength: 1, stop: 105, rationale: 'scripted short' },
});

async function run(config: Partial<BacktestConfigInput>, definition = script) {
  const parsed = backtestConfigSchema.parse({
    strategy: definition.name,
    venue: 'sim',
    symbol: 'GOOG',
    timeframe: '1d',
    initialEquity: 10_000,
    fees: { makerBps: 0, takerBps: 10 },
    slippage: { mode: 'none' },
    sizing: { mode: 'fixed-quantity', quantity: 10 },
    ...config,
  });
  return runKernel({ series, instrument: STOCK, config: parsed, definition, candles: toColumns(bars), tradeStart: 0, recordOrders: true });
}

describe('backtest kernel, by hand', () => {
  it('next-open fills, an attached target and a stop inside the bar, taker fees', async () => {
    const r = await run({});
    expect(r.trades).toEqual([
      // 10 × (110 − 102) = 80, fees 1.02 + 1.10
      { side: 'long', entryTime: 2 * DAY, entryPrice: 102, exitTime: 3 * DAY, exitPrice: 110, quantity: 10, pnl: 77.88, returnFraction: 77.88 / 1_020, fees: 2.12, exitReason: 'target' },
      // 10 × (99 − 105) = −60, fees 0.99 + 1.05
      { side: 'short', entryTime: 5 * DAY, entryPrice: 99, exitTime: 5 * DAY, exitPrice: 105, quantity: 10, pnl: -62.04, returnFraction: -62.04 / 990, fees: 2.04, exitReason: 'stop' },
    ]);
    expect([...r.equity]).toEqual([10_000, 10_000, 9_998.98 + 10, 10_077.88, 10_077.88, 10_015.84, 10_015.84]);
    expect([...r.times]).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => d * DAY));
    expect(r.exposedBars).toBe(1);
    expect(r.fees).toBeCloseTo(4.16, 12);
    expect(r.fills.map((f) => [f.side, Number(f.price) / 100, Number(f.quantity), Number(f.fee) / 1e8])).toEqual([
      ['buy', 102, 10, 1.02],
      ['sell', 110, 10, 1.1],
      ['sell', 99, 10, 0.99],
      ['buy', 105, 10, 1.05],
    ]);
  });

  it('fills at the signal bar’s close when asked', async () => {
    const r = await run({ fillTiming: 'close' });
    expect(r.trades.map((t) => [t.side, t.entryPrice, t.exitPrice, t.pnl, t.exitReason])).toEqual([
      ['long', 101, 110, 87.89, 'target'],
      ['short', 101, 105, -42.06, 'stop'],
    ]);
    expect(r.equity[6]).toBeCloseTo(10_045.83, 9);
  });

  it('fixed slippage moves market and stop fills against the trader', async () => {
    // 50 bps: the long enters at 102 × 1.005 = 102.51; the target is a market order when triggered: 110 × 0.995 = 109.45.
    const r = await run({ slippage: { mode: 'fixed', bps: 50 }, fees: { makerBps: 0, takerBps: 0 } });
    expect(r.trades.map((t) => [t.entryPrice, t.exitPrice, t.pnl])).toEqual([
      [102.51, 109.45, 69.4],
      [98.5, 105.53, -70.3], // short: sells 99 × 0.995 = 98.505 → 98.50 (rounded against the seller), buys back 105 × 1.005 = 105.525 → 105.53
    ]);
  });

  it('buys whole shares with all the equity, and closes at the end or leaves the position open', async () => {
    const hold = scripted({ 1: { direction: 'long', strength: 1, rationale: 'buy and hold' } });
    const closed = await run({ sizing: { mode: 'all-equity' } }, hold);
    // Sized at the signal's close: 10,000 / 101 = 99.0… → 99 whole shares, bought at the next open, 102.
    expect(closed.trades).toHaveLength(1);
    expect(closed.trades[0]).toMatchObject({ quantity: 99, entryPrice: 102, exitPrice: 104, exitReason: 'end-of-test' });
    const open = await run({ sizing: { mode: 'all-equity' }, closeAtEnd: false }, hold);
    expect(open.trades[0]).toMatchObject({ quantity: 99, entryPrice: 102, exitPrice: 104, exitReason: 'open' });
    // Left open: no exit fee, so it ends 104 × 0.001 × 99 = 10.296 richer than the closed one.
    expect(open.equity[6]! - closed.equity[6]!).toBeCloseTo(10.296, 9);
  });

  it('approval: a delay of N bars enters later; a rule rejects entries', async () => {
    const delayed = await run({ approval: { policy: 'delay', bars: 1 } });
    // The long approved at the close of bar 2 (103) enters at bar 3's open.
    expect(delayed.trades[0]).toMatchObject({ side: 'long', entryTime: 3 * DAY, entryPrice: 103 });
    const longsOnly = await run({ approval: { policy: 'reject-rule', sides: ['long'] } });
    expect(longsOnly.trades.map((t) => t.side)).toEqual(['long']);
    expect(longsOnly.counts.rejectedByApproval).toBe(1);
  });

  it('a stop the market gaps through fills at the open', async () => {
    const gap = scripted({ 1: { direction: 'long', strength: 1, stop: 100.5, rationale: 'tight stop' } });
    const gapBars: Candle[] = [
      ...bars.slice(0, 3),
      { openTime: 3 * DAY, open: 97, high: 98, low: 96, close: 97.5, volume: 1_000 }, // opens below the stop at 100.50
      ...bars.slice(4),
    ];
    const parsed = backtestConfigSchema.parse({ strategy: 'scripted', venue: 'sim', symbol: 'GOOG', timeframe: '1d', fees: { makerBps: 0, takerBps: 0 }, slippage: { mode: 'none' }, sizing: { mode: 'fixed-quantity', quantity: 10 } });
    const r = await runKernel({ series, instrument: STOCK, config: parsed, definition: gap, candles: toColumns(gapBars), tradeStart: 0 });
    expect(r.trades[0]).toMatchObject({ entryPrice: 102, exitPrice: 97, exitReason: 'stop', pnl: -50 });
  });

  it('each trade carries the regime its entry was sent in', async () => {
    // The engine's stored states, one per bar (what trackerOf replays): range up to bar 3, stress after.
    const state = (i: number): RegimeState => ({ ...series, time: i * DAY, receivedAt: i * DAY, modelId: 'stored', labels: ['range', 'stress'], probabilities: [1, 0], regime: i <= 3 ? 'range' : 'stress', confidence: 1, expectedDuration: 2, transitions: [[1, 0], [0, 1]] });
    const parsed = backtestConfigSchema.parse({ strategy: 'scripted', venue: 'sim', symbol: 'GOOG', timeframe: '1d', sizing: { mode: 'fixed-quantity', quantity: 10 } });
    const r = await runKernel({ series, instrument: STOCK, config: parsed, definition: script, candles: toColumns(bars), tradeStart: 0, regime: { update: (candle) => state(candle.openTime / DAY) } });
    expect(r.trades.map((t) => [t.side, t.regime])).toEqual([
      ['long', 'range'],
      ['short', 'stress'],
    ]);
    expect(r.regimes).toEqual(['range', 'range', 'range', 'range', 'stress', 'stress', 'stress']);
  });

  it('a re-run under other costs from the recorded signals equals a full re-run', async () => {
    const config = backtestConfigSchema.parse({ strategy: 'scripted', venue: 'sim', symbol: 'GOOG', timeframe: '1d', slippage: { mode: 'fixed', bps: 20 }, sizing: { mode: 'equity-fraction', fraction: 0.9 } });
    const input = { series, instrument: STOCK, config, definition: script, candles: toColumns(bars), tradeStart: 0 };
    const first = await runKernel({ ...input, recordSignals: true });
    expect((await runKernel(input)).recorded).toBeUndefined();
    expect(first.recorded?.byIndex.size).toBeGreaterThan(0);
    const stress = { fees: 2, slippage: 3 };
    const full = await runKernel({ ...input, stress });
    const replayed = await runKernel({ ...input, stress, replay: first.recorded });
    expect(replayed.trades).toEqual(full.trades);
    expect([...replayed.equity]).toEqual([...full.equity]);
    expect(full.trades).not.toEqual(first.trades);
  });

  it('funding of a perpetual is paid from equity and counted in the trade that held the position', async () => {
    const perp = { ...STOCK, kind: 'linear' as const, contract: 'perpetual' as const, lotStep: 0.001, minQuantity: 0.001, quantityScale: 3 };
    const hold = scripted({ 1: { direction: 'long', strength: 1, rationale: 'hold through funding' } });
    const run = (funding?: { rateBpsPer8h: number }) =>
      runKernel({
        series,
        instrument: perp,
        config: backtestConfigSchema.parse({ strategy: 'scripted', venue: 'sim', symbol: 'GOOG', timeframe: '1d', fees: { makerBps: 0, takerBps: 0 }, slippage: { mode: 'none' }, sizing: { mode: 'fixed-quantity', quantity: 10 }, ...(funding ? { funding } : {}) }),
        definition: hold,
        candles: toColumns(bars),
        tradeStart: 0,
      });
    const free = await run();
    const paid = await run({ rateBpsPer8h: 10 });
    const cost = free.equity[6]! - paid.equity[6]!;
    expect(cost).toBeGreaterThan(0);
    expect(free.trades[0]!.pnl - paid.trades[0]!.pnl).toBeCloseTo(cost, 9);
  });

  it('bars frozen once at load give the same run as bars built per bar, and must match the columns', async () => {
    const parsed = backtestConfigSchema.parse({ strategy: 'scripted', venue: 'sim', symbol: 'GOOG', timeframe: '1d', sizing: { mode: 'fixed-quantity', quantity: 10 } });
    const seen: Candle[] = [];
    const keeper: StrategyDefinition = { ...script, create: (options) => {
      const inner = script.create(options);
      return { onCandle: (o) => (seen.push(o.candle), inner.onCandle(o)) };
    } };
    const columns = toColumns(bars);
    const frozen = frozenCandles(columns);
    const input = { series, instrument: STOCK, config: parsed, definition: keeper, candles: columns, tradeStart: 0, recordOrders: true };
    const perBar = await runKernel(input);
    const atLoad = await runKernel({ ...input, bars: frozen });
    expect(atLoad.trades).toEqual(perBar.trades);
    expect(atLoad.fills).toEqual(perBar.fills);
    expect([...atLoad.equity]).toEqual([...perBar.equity]);
    // The strategy got frozen bars both ways; with `bars`, those very objects.
    expect(seen.every((c) => Object.isFrozen(c))).toBe(true);
    expect(seen.slice(bars.length)).toEqual([...frozen]);
    expect(seen.slice(bars.length).every((c, i) => c === frozen[i])).toBe(true);
    await expect(runKernel({ ...input, bars: frozenCandles(toColumns(bars.slice(1))) })).rejects.toThrow(/6 frozen bars for 7 bars/);
  });

  it('is deterministic: the same inputs give the same run', async () => {
    const a = await run({ slippage: { mode: 'volatility', factor: 0.05 } });
    const b = await run({ slippage: { mode: 'volatility', factor: 0.05 } });
    expect(b.trades).toEqual(a.trades);
    // Fill ids carry the paper session's prefix; everything else is the same.
    const strip = (fills: typeof a.fills) => fills.map(({ id: _id, ...rest }) => rest);
    expect(strip(b.fills)).toEqual(strip(a.fills));
    expect(b.orders.map((o) => [o.clientOrderId, o.status, o.filledQuantity])).toEqual(a.orders.map((o) => [o.clientOrderId, o.status, o.filledQuantity]));
    expect([...b.equity]).toEqual([...a.equity]);
  });
});
