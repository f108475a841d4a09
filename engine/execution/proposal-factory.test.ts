import { describe, expect, it } from 'vitest';
import { BTC_PERP, ETH_SPOT } from '../adapters/sim/test-instruments';
import { deterministicId } from '../core/ids';
import { parseUnits, unitsFromNumber } from '../core/money';
import { clientOrderIdFor } from './execution-engine';
import { MONEY_SCALE } from '../model/order';
import type { Signal } from '../model/signal';
import { sizeOrder } from '../risk/sizing';
import { liquidationPrice, priceToUnits, ProposalFactory, proposalIdFor } from './proposal-factory';

const usd = (m: string) => parseUnits(m, MONEY_SCALE);
const signal: Signal = {
  id: 'sig-1',
  strategy: 'sma-cross',
  venue: 'bybit',
  symbol: 'ETHUSDT',
  timeframe: '1m',
  time: 1_000_000,
  price: 2000,
  receivedAt: 1_060_000,
  direction: 'long',
  strength: 0.8,
  stop: 1950,
  target: 2100,
  rationale: 'fast average crossed above the slow one',
  regime: 'trend-up',
};

const factory = new ProposalFactory({
  sizeOrder,
  sizing: () => ({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }),
  takerFeeRate: 0.00055,
  context: { sentiment: () => 'ETH sentiment +0.4 over 1h (23 items)', whales: () => undefined },
});
const flat = { equity: 10_000, available: 10_000, positionQuantity: 0n };

describe('ProposalFactory', () => {
  it('sizes a long by risk per trade and previews its risk with fees, by hand', () => {
    const outcome = factory.create({ signal, instrument: ETH_SPOT, account: flat, mode: 'paper', now: 2_000_000 });
    if (!outcome.ok) throw new Error(outcome.reason);
    const p = outcome.proposal;
    // 1 % of 10,000 = 100 at risk over a 50 stop distance: 2 ETH, notional 4,000.
    expect(p).toMatchObject({ id: proposalIdFor('sig-1', 'paper'), side: 'buy', orderType: 'market', reduceOnly: false, quantity: parseUnits('2', 4) });
    expect(p.entry).toBe(parseUnits('2000', 2));
    expect(p.stop).toBe(parseUnits('1950', 2));
    expect(p.target).toBe(parseUnits('2100', 2));
    // Fees: 4,000 × 0.055 % = 2.2 per side, 4.4 both ways; risk = 100 + 4.4.
    expect(p.estimatedFees).toBe(usd('4.4'));
    expect(p.riskMoney).toBe(usd('104.4'));
    expect(p.riskFraction).toBeCloseTo(0.01044, 10);
    expect(p).toMatchObject({ regime: 'trend-up', sentimentContext: 'ETH sentiment +0.4 over 1h (23 items)', confidence: 0.8, status: 'pending', mode: 'paper' });
    expect(p.whaleContext).toBeUndefined();
    expect(p.expiresAt).toBe(2_060_000);
    expect(p.minPrice).toBe(parseUnits('1990', 2));
    expect(p.maxPrice).toBe(parseUnits('2010', 2));
    expect(p.liquidationPrice).toBeUndefined();
  });

  it('proposes closing a position against the signal, reduce-only, and nothing more when already in', () => {
    const long = { ...flat, positionQuantity: parseUnits('1.5', 4) };
    const close = factory.create({ signal: { ...signal, direction: 'short' }, instrument: ETH_SPOT, account: long, mode: 'paper', now: 0 });
    expect(close.ok && close.proposal).toMatchObject({ side: 'sell', reduceOnly: true, quantity: parseUnits('1.5', 4) });
    expect(close.ok && close.proposal.stop).toBeUndefined();
    const again = factory.create({ signal, instrument: ETH_SPOT, account: long, mode: 'paper', now: 0 });
    expect(again).toEqual({ ok: false, reason: 'already long ETHUSDT' });
    expect(factory.create({ signal: { ...signal, direction: 'flat' }, instrument: ETH_SPOT, account: flat, mode: 'paper', now: 0 })).toEqual({
      ok: false,
      reason: 'flat signal and no position to close',
    });
    expect(factory.create({ signal: { ...signal, suppressed: 'stress regime' }, instrument: ETH_SPOT, account: flat, mode: 'paper', now: 0 }).ok).toBe(false);
  });

  it('says why when no size fits', () => {
    const outcome = factory.create({ signal: { ...signal, stop: undefined }, instrument: ETH_SPOT, account: flat, mode: 'live', now: 0 });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(/^no size: /);
  });

  it('estimates the liquidation price of a leveraged entry', () => {
    const leveraged = new ProposalFactory({
      sizeOrder,
      sizing: () => ({ sizing: { mode: 'equity-fraction', fraction: 2 }, maxLeverage: 5 }),
      takerFeeRate: 0.00055,
      leverage: 5,
    });
    const outcome = leveraged.create({ signal: { ...signal, symbol: 'BTCUSDT', price: 50_000, stop: undefined, direction: 'short' }, instrument: BTC_PERP, account: flat, mode: 'paper', now: 0 });
    if (!outcome.ok) throw new Error(outcome.reason);
    // Short at 50,000 with 5×: liquidated 20 % − 0.5 % above, at 59,750.
    expect(outcome.proposal.liquidationPrice).toBe(parseUnits('59750', 1));
    expect(outcome.proposal.leverage).toBe(5);
    expect(liquidationPrice(parseUnits('100', 2), 'buy', 10, 0.005)).toBe(parseUnits('90.5', 2));
  });

  it('converts prices to units exactly as unitsFromNumber does, half-way cases and float noise included', () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const values = [0, -0, 1.005, 2.675, 0.125, -0.125, 1e-9, 104_523.45, 59_999.995, 0.000_05, -1.005, 2 ** 40, 1e15 + 0.5];
    for (let i = 0; i < 4_000; i++) values.push((next() - 0.3) * 10 ** Math.floor(next() * 12 - 4), Math.round(next() * 1e6) / 100 + 0.005);
    for (const scale of [0, 1, 2, 4, 8]) for (const v of values) expect(priceToUnits(v, scale)).toBe(unitsFromNumber(v, scale));
    expect(() => priceToUnits(Number.NaN, 2)).toThrow(/not a finite number/);
  });

  it('gives proposals and orders the ids deterministicId gives them', () => {
    for (const id of ['sig-1', 'sig-abcdefghijklmnop-1750000000000-0', 'ü\u001fx']) {
      expect(proposalIdFor(id, 'paper')).toBe(deterministicId('pr', id, 'paper'));
      expect(proposalIdFor(id, 'live')).toBe(deterministicId('pr', id, 'live'));
      for (const attempt of [0, 1, 0, 2]) expect(clientOrderIdFor(id, attempt)).toBe(deterministicId('st', id, attempt));
    }
  });
});
