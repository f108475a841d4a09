import { describe, expect, it } from 'vitest';
import { BTC_PERP, STOCK } from '../adapters/sim/test-instruments';
import { kellyFraction, roundDownToLot, sizeOrder } from './sizing';
import type { SizingInput } from './sizing-types';

const btc = (over: Partial<SizingInput> = {}): SizingInput => ({ instrument: BTC_PERP, side: 'buy', entry: 50_000, equity: 10_000, available: 10_000, ...over });

describe('sizeOrder', () => {
  it('fixed-quantity rounds down to the lot step and ignores regime multipliers', () => {
    expect(sizeOrder({ sizing: { mode: 'fixed-quantity', quantity: 0.0129 } }, btc({ regime: 'stress' }))).toEqual({
      ok: true,
      quantity: 12n, // 0.012 BTC
      notional: 600,
      riskMoney: 600,
    });
  });

  it('equity-fraction: 50 % of 10,000 at 50,000 = 0.1 BTC', () => {
    const r = sizeOrder({ sizing: { mode: 'equity-fraction', fraction: 0.5 } }, btc());
    expect(r).toMatchObject({ ok: true, quantity: 100n, notional: 5000 });
  });

  it('all-equity buys whole shares of a stock series with the available cash', () => {
    // 10,000 / 333.33 = 30.0003 → 30 shares.
    const r = sizeOrder({ sizing: { mode: 'all-equity' } }, { instrument: STOCK, side: 'buy', entry: 333.33, equity: 12_000, available: 10_000 });
    expect(r).toMatchObject({ ok: true, quantity: 30n });
    if (r.ok) expect(r.notional).toBeCloseTo(9999.9, 6);
  });

  it('risk-per-trade: 1 % of 10,000 over a 500 stop = 0.2 BTC, risk 100', () => {
    const r = sizeOrder({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }, btc({ stop: 49_500 }));
    expect(r).toEqual({ ok: true, quantity: 200n, notional: 10_000, riskMoney: 100 });
  });

  it('risk-per-trade for a short needs the stop above the entry', () => {
    expect(sizeOrder({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }, btc({ side: 'sell', stop: 49_000 }))).toMatchObject({ ok: false });
    expect(sizeOrder({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }, btc({ side: 'sell', stop: 51_000 }))).toMatchObject({ ok: true, quantity: 100n, riskMoney: 100 });
    expect(sizeOrder({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }, btc())).toEqual({ ok: false, reason: 'risk-per-trade sizing needs a stop' });
  });

  it('volatility-target: 1 % of 10,000 over 2 × ATR 250 = 0.2 BTC', () => {
    const r = sizeOrder({ sizing: { mode: 'volatility-target', riskFraction: 0.01, atrMultiple: 2 } }, btc({ atr: 250 }));
    expect(r).toEqual({ ok: true, quantity: 200n, notional: 10_000, riskMoney: 100 });
    expect(sizeOrder({ sizing: { mode: 'volatility-target', riskFraction: 0.01, atrMultiple: 2 } }, btc())).toMatchObject({ ok: false });
  });

  it('kelly: W 0.6, R 2 → f* 0.4, half Kelly 0.2, capped at 0.1', () => {
    expect(kellyFraction(0.6, 2)).toBeCloseTo(0.4, 12);
    const half = sizeOrder({ sizing: { mode: 'kelly', kellyFraction: 0.5, maxFraction: 1 } }, btc({ winRate: 0.6, payoffRatio: 2 }));
    expect(half).toMatchObject({ ok: true, quantity: 40n }); // 0.2 × 10,000 / 50,000 = 0.04
    const capped = sizeOrder({ sizing: { mode: 'kelly', kellyFraction: 0.5, maxFraction: 0.1 } }, btc({ winRate: 0.6, payoffRatio: 2 }));
    expect(capped).toMatchObject({ ok: true, quantity: 20n });
    const noEdge = sizeOrder({ sizing: { mode: 'kelly', kellyFraction: 0.5, maxFraction: 1 } }, btc({ winRate: 0.3, payoffRatio: 1 }));
    expect(noEdge).toMatchObject({ ok: false });
    expect(sizeOrder({ sizing: { mode: 'kelly', kellyFraction: 0.5, maxFraction: 1 } }, btc())).toMatchObject({ ok: false });
  });

  it('applies default regime multipliers: range +20 %, stress −40 %', () => {
    const config = { sizing: { mode: 'equity-fraction', fraction: 0.5 } } as const;
    expect(sizeOrder(config, btc({ regime: 'range' }))).toMatchObject({ quantity: 120n });
    expect(sizeOrder(config, btc({ regime: 'stress' }))).toMatchObject({ quantity: 60n });
    expect(sizeOrder(config, btc({ regime: 'trend-up' }))).toMatchObject({ quantity: 100n });
    expect(sizeOrder({ ...config, regimeMultipliers: { 'trend-up': 2, 'trend-down': 1, range: 1, stress: 0 } }, btc({ regime: 'trend-up' }))).toMatchObject({ quantity: 200n });
  });

  it('caps notional at max leverage × equity', () => {
    // Risk sizing wants 1 BTC (100 / 100) = 50,000 notional; leverage 1 caps at 10,000 → 0.2 BTC; leverage 3 → 0.6.
    expect(sizeOrder({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }, btc({ stop: 49_900 }))).toMatchObject({ quantity: 200n, riskMoney: 20 });
    expect(sizeOrder({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 }, maxLeverage: 3 }, btc({ stop: 49_900 }))).toMatchObject({ quantity: 600n });
    expect(sizeOrder({ sizing: { mode: 'fixed-quantity', quantity: 1 } }, btc())).toMatchObject({ quantity: 200n });
  });

  it('refuses sizes below the minimum quantity, the minimum notional, or that round to zero', () => {
    expect(sizeOrder({ sizing: { mode: 'fixed-quantity', quantity: 0.0004 } }, btc())).toMatchObject({ ok: false, reason: expect.stringContaining('rounds down to zero') });
    expect(sizeOrder({ sizing: { mode: 'fixed-quantity', quantity: 0.001 } }, btc({ entry: 4000 }))).toMatchObject({ ok: false, reason: expect.stringContaining('minimum notional') });
    const bigMin = { ...BTC_PERP, minQuantity: 0.01 };
    expect(sizeOrder({ sizing: { mode: 'fixed-quantity', quantity: 0.005 } }, btc({ instrument: bigMin }))).toMatchObject({ ok: false, reason: expect.stringContaining('minimum quantity') });
    expect(sizeOrder({ sizing: { mode: 'all-equity' } }, { instrument: STOCK, side: 'buy', entry: 500, equity: 400, available: 400 })).toMatchObject({ ok: false });
  });

  it('rejects bad inputs with a reason instead of a size', () => {
    expect(sizeOrder({ sizing: { mode: 'equity-fraction', fraction: 0.5 } }, btc({ entry: 0 }))).toMatchObject({ ok: false });
    expect(sizeOrder({ sizing: { mode: 'equity-fraction', fraction: 0.5 } }, btc({ entry: Number.NaN }))).toMatchObject({ ok: false });
    expect(sizeOrder({ sizing: { mode: 'equity-fraction', fraction: -1 } }, btc())).toMatchObject({ ok: false });
    expect(sizeOrder({ sizing: { mode: 'equity-fraction', fraction: 0.5 } }, btc({ equity: 0 }))).toMatchObject({ ok: false });
    expect(sizeOrder({ sizing: { mode: 'equity-fraction', fraction: 0.5 }, maxLeverage: 0 }, btc())).toMatchObject({ ok: false });
  });
});

describe('roundDownToLot', () => {
  it('keeps whole decimal steps despite float noise and never rounds up', () => {
    expect(roundDownToLot(0.3, BTC_PERP)).toBe(300n);
    expect(roundDownToLot(0.1 + 0.2, BTC_PERP)).toBe(300n);
    expect(roundDownToLot(0.2999, BTC_PERP)).toBe(299n);
    expect(roundDownToLot(0.0019999, BTC_PERP)).toBe(1n);
    expect(roundDownToLot(29.99, STOCK)).toBe(29n);
    expect(roundDownToLot(0.057, { lotStep: 0.01, quantityScale: 3 })).toBe(50n);
    expect(roundDownToLot(-1, STOCK)).toBe(0n);
  });
});
