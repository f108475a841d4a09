import { describe, expect, it } from 'vitest';
import { resolveSimConfig } from './sim-config';
import { feeFor, priceUnits, slippageBps, slipped } from './sim-costs';
import { BTC_PERP, STOCK } from './test-instruments';

describe('sim costs', () => {
  it('fees: notional × bps, rounded half away from zero; zero and rebates allowed', () => {
    const { makerFeePpm, takerFeePpm } = resolveSimConfig({ makerFeeBps: -2.5, takerFeeBps: 5.5 });
    // 1,000.00000000 notional: taker 5.5 bps = 0.55, maker −2.5 bps = −0.25.
    expect(feeFor(100_000_000_000n, takerFeePpm)).toBe(55_000_000n);
    expect(feeFor(100_000_000_000n, makerFeePpm)).toBe(-25_000_000n);
    expect(feeFor(100_000_000_000n, 0n)).toBe(0n);
    // 3 units × 1 bp = 0.0003 units → rounds to 0; 5,000 units × 1 bp = 0.5 → rounds away from zero to 1.
    expect(feeFor(3n, 100n)).toBe(0n);
    expect(feeFor(5_000n, 100n)).toBe(1n);
    expect(feeFor(-5_000n, 100n)).toBe(-1n);
  });

  it('slippage models give the documented basis points', () => {
    const b = { openTime: 0, open: 200, high: 202, low: 199, close: 201, volume: 4 };
    expect(slippageBps({ kind: 'none' }, b, 1)).toBe(0);
    expect(slippageBps({ kind: 'fixed', bps: 3 }, b, 1)).toBe(3);
    // 2 + 0.5 × (3 / 200 × 10,000 = 150) + 20 × 1/4 = 82.
    expect(slippageBps({ kind: 'scaled', baseBps: 2, rangeFactor: 0.5, volumeImpactBps: 20 }, b, 1)).toBeCloseTo(82, 9);
    // An order bigger than the bar's volume counts as the whole bar; a bar with no volume too.
    expect(slippageBps({ kind: 'scaled', baseBps: 0, rangeFactor: 0, volumeImpactBps: 20 }, b, 10)).toBe(20);
    expect(slippageBps({ kind: 'scaled', baseBps: 0, rangeFactor: 0, volumeImpactBps: 20 }, { ...b, volume: 0 }, 1)).toBe(20);
    expect(slippageBps({ kind: 'scaled', baseBps: 7, rangeFactor: 1, volumeImpactBps: 1 }, undefined, 1)).toBe(7);
    expect(slipped(100, 'buy', 10)).toBeCloseTo(100.1, 12);
    expect(slipped(100, 'sell', 10)).toBeCloseTo(99.9, 12);
  });

  it('rounds prices to the tick against the order, leaving on-tick prices alone', () => {
    expect(priceUnits(50_000.04, BTC_PERP, 'buy')).toBe(500_001n);
    expect(priceUnits(50_000.06, BTC_PERP, 'sell')).toBe(500_000n);
    expect(priceUnits(0.1 + 0.2, STOCK, 'buy')).toBe(30n);
    expect(priceUnits(123.45, STOCK, 'buy')).toBe(12_345n);
    expect(priceUnits(123.454, STOCK)).toBe(12_345n);
  });

  it('refuses nonsense configurations', () => {
    expect(() => resolveSimConfig({ takerFeeBps: Number.NaN })).toThrow(/taker fee/);
    expect(() => resolveSimConfig({ makerFeeBps: 20_000 })).toThrow(/maker fee/);
    expect(() => resolveSimConfig({ slippage: { kind: 'fixed', bps: -1 } })).toThrow(/slippage/);
    expect(() => resolveSimConfig({ slippage: { kind: 'scaled', baseBps: 1, rangeFactor: -1, volumeImpactBps: 0 } })).toThrow(/scaled/);
    expect(() => resolveSimConfig({ funding: { rate: 0.0001, intervalMs: 0 } })).toThrow(/interval/);
    expect(() => resolveSimConfig({ funding: { rate: Number.POSITIVE_INFINITY } })).toThrow(/funding rate/);
    expect(resolveSimConfig()).toMatchObject({ marketFill: 'next-open', touchFills: false, makerFeePpm: 0n, takerFeePpm: 0n, slippage: { kind: 'none' } });
  });
});
