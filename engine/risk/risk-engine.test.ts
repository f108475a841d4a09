import { describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import { parseUnits } from '../core/money';
import { BTC_PERP } from '../adapters/sim/test-instruments';
import type { OrderRequest } from '../model/order';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './risk-config';
import { RiskEngine, type PersistedRisk, type RiskCheckContext, type RiskStateChange, type RiskStateStore } from './risk-engine';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const btc = (q: string): bigint => parseUnits(q, 3);
let n = 0;
const order = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: `r${++n}`,
  venue: 'sim',
  symbol: 'BTCUSDT',
  side: 'buy',
  type: 'market',
  quantity: btc('0.1'),
  timeInForce: 'GTC',
  reduceOnly: false,
  createdAt: 0,
  ...over,
});
const context = (over: Partial<RiskCheckContext> = {}): RiskCheckContext => ({
  instrument: BTC_PERP,
  price: 50_000,
  equity: 100_000,
  position: 0n,
  exposure: { bySymbol: new Map(), gross: 0, net: 0 },
  ...over,
});
const wide: Partial<RiskLimits> = {
  maxOrderNotional: 1e9,
  maxPositionNotional: 1e9,
  maxGrossExposure: 1e9,
  maxNetExposure: 1e9,
  maxConcentration: 100,
  maxLeverage: 100,
  dailyLossLimit: 1e9,
  maxOrdersPerMinute: 10_000,
};

function setup(limits: Partial<RiskLimits> = {}, store?: RiskStateStore) {
  const clock = new TestClock(HOUR);
  const changes: RiskStateChange[] = [];
  const risk = new RiskEngine({ clock, limits: { ...wide, ...limits }, onStateChange: (c) => changes.push(c), ...(store ? { store } : {}) });
  return { clock, risk, changes };
}

describe('RiskEngine limits', () => {
  it('max order notional, valued at a limit order’s own price', () => {
    const { risk } = setup({ maxOrderNotional: 10_000 });
    expect(risk.check(order({ quantity: btc('0.3') }), context())).toMatchObject({ ok: false, rule: 'order-notional', reason: 'order notional 15,000 exceeds the limit 10,000' });
    expect(risk.check(order({ quantity: btc('0.2') }), context())).toEqual({ ok: true, reducing: false });
    expect(risk.check(order({ quantity: btc('0.25'), type: 'limit', price: parseUnits('40000', 1) }), context())).toMatchObject({ ok: true });
  });

  it('max position notional counts what is already held', () => {
    const { risk } = setup({ maxPositionNotional: 30_000 });
    expect(risk.check(order({ quantity: btc('0.2') }), context({ position: btc('0.5') }))).toMatchObject({ ok: false, rule: 'position' });
    expect(risk.check(order({ quantity: btc('0.1') }), context({ position: btc('0.5') }))).toMatchObject({ ok: true });
  });

  it('per-symbol concentration: 5 % of equity by default', () => {
    const risk = new RiskEngine({ clock: new TestClock(HOUR) });
    expect(risk.limits().maxConcentration).toBe(0.05);
    expect(risk.check(order({ quantity: btc('0.2') }), context())).toMatchObject({ ok: false, rule: 'concentration', reason: 'BTCUSDT would be 10.00 % of equity, above the limit 5.00 %' });
    expect(risk.check(order({ quantity: btc('0.1') }), context())).toMatchObject({ ok: true });
  });

  it('gross and net exposure after the order', () => {
    const { risk } = setup({ maxGrossExposure: 45_000, maxNetExposure: 45_000 });
    const longEth = { bySymbol: new Map([['ETHUSDT', 40_000]]), gross: 40_000, net: 40_000 };
    expect(risk.check(order({ quantity: btc('0.2') }), context({ exposure: longEth }))).toMatchObject({ ok: false, rule: 'gross-exposure' });
    const shortEth = { bySymbol: new Map([['ETHUSDT', -40_000]]), gross: 40_000, net: -40_000 };
    const { risk: netRisk } = setup({ maxGrossExposure: 100_000, maxNetExposure: 45_000 });
    expect(netRisk.check(order({ side: 'sell', quantity: btc('0.2') }), context({ exposure: shortEth }))).toMatchObject({ ok: false, rule: 'net-exposure' });
    expect(netRisk.check(order({ quantity: btc('0.2') }), context({ exposure: shortEth }))).toMatchObject({ ok: true });
  });

  it('the symbol’s own marked exposure is replaced, not added twice', () => {
    const { risk } = setup({ maxGrossExposure: 30_000 });
    const held = { bySymbol: new Map([['BTCUSDT', 25_000]]), gross: 25_000, net: 25_000 };
    // 0.5 held + 0.1 = 30,000 gross, at the limit.
    expect(risk.check(order(), context({ position: btc('0.5'), exposure: held }))).toMatchObject({ ok: true });
  });

  it('leverage cap: gross over equity', () => {
    const { risk } = setup({ maxLeverage: 3 });
    const gross = { bySymbol: new Map([['ETHUSDT', 25_000]]), gross: 25_000, net: 25_000 };
    expect(risk.check(order({ quantity: btc('0.2') }), context({ equity: 10_000, exposure: gross }))).toMatchObject({ ok: false, rule: 'leverage', reason: 'leverage 3.50× would exceed the limit 3×' });
    expect(risk.check(order({ quantity: btc('0.1') }), context({ equity: 10_000, exposure: gross }))).toMatchObject({ ok: true });
  });

  it('order-rate limit per rolling minute; a preview is not counted', () => {
    const { risk, clock } = setup({ maxOrdersPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect(risk.check(order(), context()).ok).toBe(true);
    expect(risk.preview(order(), context())).toMatchObject({ ok: false, rule: 'order-rate' });
    clock.advanceBy(30_000);
    expect(risk.check(order(), context())).toMatchObject({ ok: false, rule: 'order-rate', reason: '3 orders in the last minute reach the limit of 3' });
    clock.advanceBy(30_000);
    expect(risk.check(order(), context()).ok).toBe(true);
    expect(risk.usage().ordersLastMinute).toBe(1);
  });

  it('cooldown after N stop-outs in a row; another exit resets the count', () => {
    const { risk, clock } = setup({ stopOutCooldownCount: 2, stopOutCooldownMinutes: 30 });
    risk.recordExit('stop');
    risk.recordExit('other');
    risk.recordExit('stop');
    expect(risk.check(order(), context()).ok).toBe(true);
    risk.recordExit('stop');
    expect(risk.check(order(), context())).toMatchObject({ ok: false, rule: 'cooldown' });
    expect(risk.usage().cooldownUntil).toBe(HOUR + 30 * 60_000);
    // Reducing still passes during the cooldown.
    expect(risk.check(order({ side: 'sell' }), context({ position: btc('0.1') }))).toEqual({ ok: true, reducing: true });
    clock.advanceBy(30 * 60_000);
    expect(risk.check(order(), context()).ok).toBe(true);
  });

  it('refuses to open with no equity', () => {
    const { risk } = setup();
    expect(risk.check(order(), context({ equity: 0 }))).toMatchObject({ ok: false });
  });

  it('validates limits when set', () => {
    const { risk } = setup();
    expect(() => risk.setLimits({ reduceOnlyDrawdown: 0.3, haltDrawdown: 0.2 })).toThrow(/must not exceed/);
    expect(() => risk.setLimits({ maxOrderNotional: -1 })).toThrow(/maxOrderNotional/);
    expect(() => risk.setLimits({ maxOrdersPerMinute: 1.5 })).toThrow(/whole number/);
    expect(() => risk.setLimits({ haltDrawdown: 1.5 })).toThrow(/fraction/);
    expect(risk.setLimits({ maxOrderNotional: 5 }).maxOrderNotional).toBe(5);
    expect(DEFAULT_RISK_LIMITS.maxConcentration).toBe(0.05);
  });
});

describe('RiskEngine kill switch', () => {
  it('ACTIVE → REDUCE_ONLY → HALTED on drawdown of equity including open PnL, then manual resume', () => {
    const { risk, changes } = setup({ reduceOnlyDrawdown: 0.1, haltDrawdown: 0.2 });
    expect(risk.onEquity(100_000)).toBe('ACTIVE');
    expect(risk.onEquity(120_000)).toBe('ACTIVE'); // new peak
    expect(risk.onEquity(108_001)).toBe('ACTIVE');
    expect(risk.onEquity(108_000)).toBe('REDUCE_ONLY'); // 10 % below 120,000
    expect(risk.check(order(), context({ equity: 108_000 }))).toMatchObject({ ok: false, rule: 'reduce-only' });
    expect(risk.check(order({ side: 'sell', reduceOnly: true }), context({ equity: 108_000, position: btc('0.5') }))).toEqual({ ok: true, reducing: true });
    // Opposite the position and no larger is reducing too; larger would flip, so it is not.
    expect(risk.check(order({ side: 'sell', quantity: btc('0.5') }), context({ equity: 108_000, position: btc('0.5') })).ok).toBe(true);
    expect(risk.check(order({ side: 'sell', quantity: btc('0.6') }), context({ equity: 108_000, position: btc('0.5') })).ok).toBe(false);
    // The check's own context moves the switch: open PnL has taken equity 20 % below the peak.
    expect(risk.check(order({ side: 'sell', reduceOnly: true }), context({ equity: 96_000, position: btc('0.5') }))).toMatchObject({ ok: false, rule: 'halted' });
    expect(risk.state()).toBe('HALTED');
    expect(risk.onEquity(130_000)).toBe('HALTED'); // recovering does not resume
    expect(risk.resume()).toBe('ACTIVE');
    expect(risk.usage()).toMatchObject({ peakEquity: 130_000, drawdown: 0 });
    expect(changes.map((c) => [c.previous, c.state, c.trip])).toEqual([
      ['ACTIVE', 'REDUCE_ONLY', 'drawdown'],
      ['REDUCE_ONLY', 'HALTED', 'drawdown'],
      ['HALTED', 'ACTIVE', undefined],
    ]);
    expect(changes[1]!.reason).toBe('equity 96,000 is 20.00 % below its peak 120,000 (halt at 20.00 %)');
  });

  it('a gap straight past the halt level goes to HALTED', () => {
    const { risk, changes } = setup({ reduceOnlyDrawdown: 0.1, haltDrawdown: 0.2 });
    risk.onEquity(100_000);
    expect(risk.onEquity(70_000)).toBe('HALTED');
    expect(changes.map((c) => c.state)).toEqual(['HALTED']);
  });

  it('daily loss limit: REDUCE_ONLY until the next UTC day', () => {
    const { risk, clock, changes } = setup({ dailyLossLimit: 1_000, reduceOnlyDrawdown: 0.5, haltDrawdown: 0.6 });
    risk.onEquity(100_000);
    risk.onEquity(101_000);
    expect(risk.onEquity(99_001)).toBe('ACTIVE'); // 999 below the day's start
    expect(risk.onEquity(99_000)).toBe('REDUCE_ONLY');
    expect(risk.usage().dailyPnl).toBe(-1_000);
    expect(risk.check(order(), context({ equity: 99_000 }))).toMatchObject({ ok: false, rule: 'reduce-only', reason: expect.stringContaining('daily limit') });
    clock.advanceTo(DAY);
    expect(risk.onEquity(99_000)).toBe('ACTIVE');
    expect(changes.map((c) => [c.state, c.trip])).toEqual([
      ['REDUCE_ONLY', 'daily-loss'],
      ['ACTIVE', undefined],
    ]);
  });

  it('manual kill halts everything, reducing orders included; resume restores trading', () => {
    const { risk, changes } = setup();
    risk.onEquity(100_000);
    expect(risk.kill('news')).toBe('HALTED');
    expect(risk.check(order({ side: 'sell', reduceOnly: true }), context({ position: btc('0.1') }))).toEqual({ ok: false, rule: 'halted', reason: 'trading is halted by the kill switch: news' });
    expect(risk.resume()).toBe('ACTIVE');
    expect(risk.check(order(), context()).ok).toBe(true);
    expect(changes.map((c) => [c.previous, c.state, c.reason])).toEqual([
      ['ACTIVE', 'HALTED', 'news'],
      ['HALTED', 'ACTIVE', 'resumed by the trader'],
    ]);
  });

  it('tighter limits take effect at once against the last equity', () => {
    const { risk } = setup({ reduceOnlyDrawdown: 0.2, haltDrawdown: 0.3 });
    risk.onEquity(100_000);
    risk.onEquity(92_000);
    expect(risk.state()).toBe('ACTIVE');
    risk.setLimits({ reduceOnlyDrawdown: 0.05 });
    expect(risk.state()).toBe('REDUCE_ONLY');
  });

  it('the kill switch survives a restart through its store', () => {
    let saved: PersistedRisk | undefined;
    const recorded: RiskStateChange[] = [];
    const store: RiskStateStore = { load: () => saved, save: (s) => void (saved = s), recordChange: (c) => void recorded.push(c) };
    const first = setup({ maxOrderNotional: 7_000 }, store).risk;
    first.onEquity(100_000);
    first.kill('maintenance');
    const second = new RiskEngine({ clock: new TestClock(2 * HOUR), store });
    expect(second.state()).toBe('HALTED');
    expect(second.limits().maxOrderNotional).toBe(7_000);
    expect(second.check(order(), context())).toMatchObject({ ok: false, rule: 'halted' });
    expect(recorded.map((c) => c.state)).toEqual(['HALTED']);
  });
});
