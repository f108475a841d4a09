import { afterEach, describe, expect, it } from 'vitest';
import { ETH_SPOT } from '../adapters/sim/test-instruments';
import type { Signal } from '../model/signal';
import { RiskEngine } from '../risk/risk-engine';
import { sizeOrder } from '../risk/sizing';
import { SettingsRepository } from '../store/repositories/settings-repository';
import { PolicyStore } from './approval-policy';
import { ApprovalQueue } from './approval-queue';
import { executionKit, type ExecutionKit } from './execution-test-kit';
import type { ProposalView, TradingMode } from './execution-views';
import { ProposalFactory } from './proposal-factory';
import { RiskControl } from './risk-control';
import { portfolioAccount } from './trading-account';

const trader = { kind: 'trader', via: 'ui' } as const;
let n = 0;
const signal = (over: Partial<Signal> = {}): Signal => ({
  id: `sig-${++n}`,
  strategy: 'trend',
  venue: 'sim',
  symbol: 'ETHUSDT',
  timeframe: '5m',
  time: 0,
  price: 2000,
  receivedAt: 0,
  direction: 'long',
  strength: 0.7,
  stop: 1500,
  rationale: 'up',
  regime: 'trend-up',
  ...over,
});

let kit: ExecutionKit;
afterEach(() => kit?.close());

function queueKit(options: { mode?: TradingMode; limits?: ConstructorParameters<typeof RiskEngine>[0]['limits'] } = {}) {
  kit = executionKit();
  const account = portfolioAccount(kit.paper.portfolio, () => [ETH_SPOT]);
  account.mark('ETHUSDT', 2000);
  const risk = new RiskControl(new RiskEngine({ clock: kit.clock, ...(options.limits ? { limits: options.limits } : {}) }));
  const published: ProposalView[] = [];
  let mode: TradingMode = options.mode ?? 'paper';
  const policies = new PolicyStore(new SettingsRepository(kit.db));
  const queue = new ApprovalQueue({
    journal: kit.journal,
    factory: new ProposalFactory({ sizeOrder, sizing: () => ({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 }, maxLeverage: 0.04 }), takerFeeRate: 0.00055 }),
    policies,
    clock: kit.clock,
    mode: () => mode,
    instrument: () => ETH_SPOT,
    account: (_v, symbol) => account.snapshot(symbol),
    risk: (intent) => risk.check(intent, account, 2000),
    execute: (intent, alongside) => kit.engine.submit(intent, alongside),
    takerFeeRate: 0.00055,
    publish: (view) => published.push(view),
  });
  return { queue, policies, published, risk, setMode: (m: TradingMode) => (mode = m) };
}

describe('ApprovalQueue', () => {
  it('makes one proposal per signal, bounded in time and price', async () => {
    const { queue, published } = queueKit();
    await kit.engine.start();
    const s = signal();
    const view = await queue.onSignal(s);
    expect(await queue.onSignal(s)).toBeUndefined();
    expect(view).toMatchObject({ status: 'pending', quantity: '0.2000', minPrice: '1990.00', maxPrice: '2010.00', expiresAt: kit.clock.now() + 300_000 });
    expect(published).toHaveLength(1);
    expect(queue.list({ status: ['pending'], limit: 10 })).toHaveLength(1);
  });

  it('expires by time, and by price leaving its bounds, and says which', async () => {
    const { queue } = queueKit();
    const a = (await queue.onSignal(signal()))!;
    const b = (await queue.onSignal(signal()))!;
    queue.onPrice('sim', 'ETHUSDT', 2005);
    expect(queue.get(a.id).status).toBe('pending');
    queue.onPrice('sim', 'OTHER', 1);
    queue.onPrice('sim', 'ETHUSDT', 2010.5);
    expect(queue.get(a.id)).toMatchObject({ status: 'expired', reason: 'price 2010.5 rose past its bound 2010' });
    expect(queue.get(b.id).status).toBe('expired');
    const c = (await queue.onSignal(signal()))!;
    kit.clock.advanceBy(299_999);
    queue.tick();
    expect(queue.get(c.id).status).toBe('pending');
    kit.clock.advanceBy(1);
    queue.tick();
    expect(queue.get(c.id)).toMatchObject({ status: 'expired', reason: 'its time ran out' });
    expect(queue.auditLog({ proposalId: c.id, limit: 5 })[0]).toMatchObject({ action: 'expired', actor: { kind: 'system', component: 'approvals' } });
    await expect(queue.approve(c.id, trader)).rejects.toThrow(`proposal ${c.id} is expired, no longer open for a decision`);
  });

  it('keeps a proposal snoozed for the chosen hour until the hour is up, then brings it back pending', async () => {
    const { queue } = queueKit();
    const p = (await queue.onSignal(signal()))!;
    expect(queue.snooze(p.id, 60, trader)).toMatchObject({ status: 'snoozed', snoozedUntil: kit.clock.now() + 3_600_000 });
    kit.clock.advanceBy(3_600_000 - 1);
    queue.tick();
    expect(queue.get(p.id).status).toBe('snoozed');
    kit.clock.advanceBy(1);
    queue.tick();
    expect(queue.get(p.id)).toMatchObject({ status: 'pending' });
    expect(queue.get(p.id).snoozedUntil).toBeUndefined();
    expect(queue.auditLog({ proposalId: p.id, limit: 5 }).map((e) => e.detail)).toEqual([
      'back in the queue after its snooze',
      expect.stringMatching(/^snoozed for 60 min, back at /),
      expect.any(String),
    ]);
  });

  it('brings a snoozed proposal back with its full time, and expires one approved too late', async () => {
    const { queue } = queueKit();
    const p = (await queue.onSignal(signal()))!;
    const snoozed = queue.snooze(p.id, 10, trader);
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: kit.clock.now() + 600_000, expiresAt: kit.clock.now() + 900_000 });
    kit.clock.advanceBy(600_000);
    queue.tick();
    expect(queue.get(p.id).status).toBe('pending');
    expect(queue.auditLog({ proposalId: p.id, limit: 5 }).map((e) => e.action)).toEqual(['unsnoozed', 'snoozed', 'proposed']);
    kit.clock.advanceBy(300_000);
    await expect(queue.approve(p.id, trader)).rejects.toThrow('has expired');
    expect(queue.get(p.id).status).toBe('expired');
  });

  it('auto-within-limits approves inside its limits and explains when it does not', async () => {
    const { queue, policies } = queueKit();
    await kit.engine.start();
    queue.setPolicy('trend', { kind: 'auto-within-limits', maxNotional: 500, allowedRegimes: ['trend-up'], minConfidence: 0.6 }, trader);
    const off = (await queue.onSignal(signal()))!;
    expect(off.status).toBe('pending');
    expect(queue.auditLog({ proposalId: off.id, limit: 1 })[0]!.detail).toContain('automation is off for trend');
    policies.setAutomation('trend', true, kit.clock.now());
    const auto = (await queue.onSignal(signal()))!;
    expect(auto).toMatchObject({ status: 'submitted', decidedBy: { kind: 'policy', policy: 'auto-within-limits' } });
    const wrongRegime = (await queue.onSignal(signal({ regime: 'stress' })))!;
    expect(wrongRegime.status).toBe('pending');
    expect(queue.auditLog({ proposalId: wrongRegime.id, limit: 1 })[0]!.detail).toContain('regime stress is not one the policy allows (trend-up)');
    const timid = (await queue.onSignal(signal({ strength: 0.5 })))!;
    expect(queue.auditLog({ proposalId: timid.id, limit: 1 })[0]!.detail).toContain('confidence 0.50 is below the policy');
    queue.setPolicy('trend', { kind: 'auto-within-limits', maxNotional: 100, allowedRegimes: ['trend-up'], minConfidence: 0 }, trader);
    const big = (await queue.onSignal(signal()))!;
    expect(queue.auditLog({ proposalId: big.id, limit: 1 })[0]!.detail).toContain('notional 400.00 is above the policy');
    expect(queue.auditLog({ strategy: 'trend', limit: 50 }).filter((e) => e.action === 'policy-set')).toHaveLength(2);
  });

  it('auto-paper-only never approves live', async () => {
    const { queue, policies } = queueKit({ mode: 'live' });
    policies.setPolicy('trend', { kind: 'auto-paper-only' }, 0);
    policies.setAutomation('trend', true, 0);
    const p = (await queue.onSignal(signal()))!;
    expect(p).toMatchObject({ status: 'pending', mode: 'live' });
    expect(queue.auditLog({ proposalId: p.id, limit: 1 })[0]!.detail).toContain('auto-paper-only never approves live orders');
  });

  it('a risk refusal fails the proposal with the rule, and nothing reaches the venue', async () => {
    const { queue } = queueKit({ limits: { maxOrderNotional: 100 } });
    await kit.engine.start();
    const p = (await queue.onSignal(signal()))!;
    const failed = await queue.approve(p.id, trader);
    expect(failed).toMatchObject({ status: 'failed', reason: 'risk engine refused: order-notional: order notional 400 exceeds the limit 100' });
    expect(kit.venue.received).toHaveLength(0);
    expect(queue.auditLog({ proposalId: p.id, limit: 5 }).map((e) => [e.action, e.actor])).toEqual([
      ['failed', { kind: 'system', component: 'risk' }],
      ['approved', trader],
      ['proposed', { kind: 'system', component: 'approvals' }],
    ]);
  });

  it('a proposal made for paper expires when the mode is live', async () => {
    const { queue, setMode } = queueKit();
    const p = (await queue.onSignal(signal()))!;
    setMode('live');
    await expect(queue.approve(p.id, trader)).rejects.toThrow('was made for paper trading');
    expect(queue.get(p.id).status).toBe('expired');
  });

  it('the venue rejecting the order fails the proposal with its words', async () => {
    const { queue } = queueKit();
    await kit.engine.start();
    kit.venue.inject('reject');
    const p = (await queue.onSignal(signal()))!;
    expect(await queue.approve(p.id, trader)).toMatchObject({ status: 'failed', reason: 'the venue rejected it: 110007: insufficient balance' });
  });
});
