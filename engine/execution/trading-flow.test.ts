import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../api/protocol';
import type { FillView, OrderView, ProposalView } from './execution-views';
import { LIVE_CONFIRMATION } from './execution-views';
import type { RunningServe } from '../hosts/serve';
import type { Candle } from '../model/candle';
import { eventually } from '../testing/eventually';
import { tempDir } from '../testing/temp-dir';
import { startTradingServe } from '../testing/trading-serve';
import type { WsTestClient } from '../testing/ws-test-client';

const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;

/** Long after an up-close with a stop 25 % below (so a 1 % risk fits the 5 % concentration limit), flat after a down-close. */
const strategySource = `
export const strategy = {
  name: 'up-down',
  apiVersion: 1,
  description: 'long after an up-close, flat after a down-close',
  parameters: [],
  warmUp: () => 1,
  create: () => ({
    onCandle: ({ candle, history }) => {
      const prev = history.at(1);
      if (!prev || candle.close === prev.close) return;
      return candle.close > prev.close
        ? { direction: 'long', strength: 0.9, stop: candle.close * 0.75, rationale: 'close rose' }
        : { direction: 'flat', strength: 0.9, rationale: 'close fell' };
    },
  }),
};
`;

const MINUTE = 60_000;
const t0 = Date.UTC(2026, 0, 5);
const bar = (i: number, close: number, open = close): Candle => ({ openTime: t0 + i * MINUTE, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 10 });

describe('trading through the API: signal → proposal → approval → paper fill → position', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let client: WsTestClient;

  beforeEach(async () => {
    dir = tempDir();
    ({ serve, client } = await startTradingServe(dir.path, { name: 'up-down', source: strategySource }));
    client.subscribe({ 'approvals.proposal': null, 'orders.updated': null, 'orders.fill': null, 'portfolio.updated': null, 'risk.state': null });
    await client.waitFor((m) => m.type === 'subscribed');
    await client.call('strategy.attach', { strategy: 'up-down', series, params: {} });
  });

  afterEach(async () => {
    await client.close();
    await serve.close();
    dir.remove();
  });

  /** Waits until exactly `count` proposals wait for a decision, and returns them. */
  const pendingProposals = (count: number): Promise<ProposalView[]> =>
    eventually(async () => {
      const list: ProposalView[] = [...(await client.call('approvals.list', {}))];
      expect(list).toHaveLength(count);
      return list;
    });

  const streamed = <T>(stream: string): T[] => client.events.filter((e: EventEnvelope) => e.stream === stream).map((e) => e.payload as T);

  it('a trader approves a proposal; the paper venue fills it at the next bar; the position and the audit trail show it', async () => {
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010)] });
    const [proposal] = await pendingProposals(1);
    // 1 % of 10,000 at risk over a 12,502.5 stop distance is 0.007 BTC (350 USDT: inside 5 % of equity).
    expect(proposal).toMatchObject({ strategy: 'up-down', side: 'buy', orderType: 'market', entry: '50010.0', quantity: '0.007', stop: '37507.5', status: 'pending', mode: 'paper', rationale: 'close rose' });
    expect(Number(proposal!.riskMoney)).toBeCloseTo(0.007 * 12_502.5 + 2 * 0.007 * 50_010 * 0.00055, 6);
    expect(proposal!.riskFraction).toBeCloseTo(Number(proposal!.riskMoney) / 10_000, 9);
    expect(streamed<ProposalView>('approvals.proposal').map((p) => p.status)).toEqual(['pending']);

    const approved = await client.call('approvals.approve', { id: proposal!.id });
    expect(approved).toMatchObject({ status: 'submitted', decidedBy: { kind: 'trader', via: 'ui' } });
    const [order] = await client.call('orders.list', { status: 'open' });
    expect(order).toMatchObject({ clientOrderId: approved.clientOrderId, venue: 'sim', status: 'open', quantity: '0.007', stopLoss: '37507.5', proposalId: proposal!.id });
    // Approving again is answered, never a second order.
    await expect(client.call('approvals.approve', { id: proposal!.id })).rejects.toMatchObject({ type: 'ValidationError' });

    await client.call('data.appendCandles', { ...series, candles: [bar(2, 50_030, 50_020)] });
    await eventually(() => expect(streamed<FillView>('orders.fill')).toHaveLength(1));
    expect(streamed<FillView>('orders.fill')[0]).toMatchObject({ clientOrderId: approved.clientOrderId, side: 'buy', quantity: '0.007', price: '50020.0', liquidity: 'taker' });
    const updates = streamed<OrderView>('orders.updated');
    expect(updates.filter((o) => o.clientOrderId === approved.clientOrderId).map((o) => o.status)).toEqual(['pending', 'submitted', 'open', 'filled']);
    // The stop-loss the venue attached to the filled entry shows in the blotter too.
    expect(updates.find((o) => o.clientOrderId === `${approved.clientOrderId}:sl`)).toMatchObject({ venue: 'sim', side: 'sell', type: 'stop-market', triggerPrice: '37507.5', reduceOnly: true, status: 'open' });
    const [stop] = (await client.call('orders.list', { status: 'open' })).filter((o) => o.clientOrderId === `${approved.clientOrderId}:sl`);
    expect(stop).toMatchObject({ venue: 'sim', status: 'open' });
    const portfolio = await client.call('portfolio.get', {});
    expect(portfolio.positions).toMatchObject([{ symbol: 'BTCUSDT', side: 'long', quantity: '0.007', entryPrice: '50020.0' }]);
    expect(portfolio.mode).toBe('paper');
    expect(streamed('portfolio.updated').length).toBeGreaterThan(0);

    const audit = await client.call('approvals.audit', { proposalId: proposal!.id });
    expect(audit.map((e) => [e.action, e.actor.kind])).toEqual([
      ['submitted', 'system'],
      ['approved', 'trader'],
      ['proposed', 'system'],
    ]);
  });

  it('a policy approves on paper by itself; a flat signal then proposes closing the position', async () => {
    await client.call('approvals.setPolicy', { strategy: 'up-down', policy: { kind: 'auto-paper-only' } });
    await client.call('trading.setAutomation', { strategy: 'up-down', enabled: true });
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010), bar(2, 50_030, 50_020)] });
    await eventually(() => expect(streamed<FillView>('orders.fill')).toHaveLength(1));
    const [auto] = await client.call('approvals.list', { status: ['submitted'] });
    expect(auto!.decidedBy).toEqual({ kind: 'policy', policy: 'auto-paper-only' });
    await client.call('approvals.setPolicy', { strategy: 'up-down', policy: { kind: 'manual' } });
    await client.call('data.appendCandles', { ...series, candles: [bar(3, 50_000)] });
    const [close] = await pendingProposals(1);
    expect(close).toMatchObject({ side: 'sell', reduceOnly: true, quantity: auto!.quantity, status: 'pending' });
    const policies = await client.call('approvals.policies', {});
    expect(policies).toMatchObject([{ strategy: 'up-down', policy: { kind: 'manual' }, automation: true }]);
  });

  it('the kill switch expires the queue, stops new proposals and orders until resumed', async () => {
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010)] });
    const [proposal] = await pendingProposals(1);
    const killed = await client.call('risk.kill', { reason: 'testing the switch' });
    expect(killed.state).toBe('HALTED');
    expect((await client.call('trading.mode', {})).riskState).toBe('HALTED');
    expect((await client.call('approvals.list', { status: ['expired'] }))[0]).toMatchObject({ id: proposal!.id, reason: 'the kill switch was thrown' });
    await expect(client.call('approvals.approve', { id: proposal!.id })).rejects.toMatchObject({ type: 'ValidationError' });
    await client.call('data.appendCandles', { ...series, candles: [bar(2, 50_000), bar(3, 50_020)] });
    expect(await client.call('approvals.list', {})).toEqual([]);
    expect(await client.call('orders.list', {})).toEqual([]);

    expect((await client.call('risk.resume', {})).state).toBe('ACTIVE');
    await client.call('data.appendCandles', { ...series, candles: [bar(4, 50_000), bar(5, 50_040)] });
    await eventually(async () => expect(await client.call('approvals.list', {})).toHaveLength(1));
    const actions = (await client.call('approvals.audit', {})).map((e) => e.action);
    expect(actions).toContain('kill');
    expect(actions).toContain('resume');
    expect(streamed<{ state: string }>('risk.state').map((r) => r.state)).toEqual(expect.arrayContaining(['HALTED', 'ACTIVE']));
  });

  it('the kill switch keeps the stop-loss protecting a filled position', async () => {
    await client.call('approvals.setPolicy', { strategy: 'up-down', policy: { kind: 'auto-paper-only' } });
    await client.call('trading.setAutomation', { strategy: 'up-down', enabled: true });
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010), bar(2, 50_030, 50_020)] });
    await eventually(() => expect(streamed<FillView>('orders.fill')).toHaveLength(1));
    await client.call('trading.setAutomation', { strategy: 'up-down', enabled: false });
    await client.call('data.appendCandles', { ...series, candles: [bar(3, 50_000), bar(4, 50_040)] });
    // Long already: the up-close after the flat one proposes nothing new; the close proposal waits.
    const [close] = await pendingProposals(1);
    expect(close!.reduceOnly).toBe(true);
    const open = await client.call('orders.list', { status: 'open' });
    expect(open.map((o) => o.type)).toEqual(['stop-market']);
    await client.call('risk.kill', {});
    expect((await client.call('orders.list', { status: 'open' })).map((o) => o.clientOrderId)).toEqual(open.map((o) => o.clientOrderId));
  });

  it('modify keeps a proposal pending with a new risk preview; snooze and reject are audited; bad input is refused clearly', async () => {
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010)] });
    const [proposal] = await pendingProposals(1);
    const modified = await client.call('approvals.modify', { id: proposal!.id, quantity: '0.005', stop: 49_000 });
    expect(modified).toMatchObject({ status: 'pending', quantity: '0.005', stop: '49000.0' });
    expect(Number(modified.riskMoney)).toBeCloseTo(0.005 * 1_010 + 2 * 0.005 * 50_010 * 0.00055, 6);
    await expect(client.call('approvals.modify', { id: proposal!.id, stop: 51_000 })).rejects.toMatchObject({ type: 'ValidationError', message: 'the stop of a buy must be below its entry' });
    await expect(client.call('approvals.modify', { id: proposal!.id, quantity: '0.0005' })).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('approvals.modify', { id: proposal!.id })).rejects.toMatchObject({ type: 'ValidationError' });
    const snoozed = await client.call('approvals.snooze', { id: proposal!.id, minutes: 5 });
    expect(snoozed.status).toBe('snoozed');
    expect(snoozed.snoozedUntil).toBeGreaterThan(Date.now());
    const rejected = await client.call('approvals.reject', { id: proposal!.id, reason: 'not today' });
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'not today' });
    expect((await client.call('approvals.audit', { proposalId: proposal!.id })).map((e) => e.action)).toEqual(['rejected', 'snoozed', 'modified', 'proposed']);
    await expect(client.call('approvals.approve', { id: 'pr-missing' })).rejects.toMatchObject({ type: 'NotFoundError' });
    await expect(client.call('approvals.snooze', { id: proposal!.id, minutes: 0 })).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('approvals.setPolicy', { strategy: 'up-down', policy: { kind: 'auto-within-limits', maxNotional: -1, allowedRegimes: [], minConfidence: 0 } })).rejects.toMatchObject({
      type: 'ValidationError',
    });
    await expect(client.call('orders.cancel', { clientOrderId: 'st-missing' })).rejects.toMatchObject({ type: 'ValidationError' });
  });

  it('snoozes for the minutes the trader chose, five when none are given, and refuses a snooze out of bounds', async () => {
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010)] });
    const [proposal] = await pendingProposals(1);
    for (const minutes of [0, -5, 1.5, 24 * 60 + 1]) {
      await expect(client.call('approvals.snooze', { id: proposal!.id, minutes })).rejects.toMatchObject({ type: 'ValidationError' });
    }
    const before = Date.now();
    const byDefault = await client.call('approvals.snooze', { id: proposal!.id });
    expect(byDefault.snoozedUntil! - before).toBeGreaterThanOrEqual(5 * MINUTE);
    expect(byDefault.snoozedUntil! - Date.now()).toBeLessThanOrEqual(5 * MINUTE);
    const [entry] = await client.call('approvals.audit', { proposalId: proposal!.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'snoozed', detail: expect.stringMatching(/^snoozed for 5 min, back at /) });
    // Snoozed again, for the hour the trader chose, up to a day.
    const hour = await client.call('approvals.snooze', { id: proposal!.id, minutes: 60 });
    expect(hour.snoozedUntil! - byDefault.snoozedUntil!).toBeGreaterThanOrEqual(55 * MINUTE);
    const day = await client.call('approvals.snooze', { id: proposal!.id, minutes: 24 * 60 });
    expect(day.snoozedUntil! - Date.now()).toBeGreaterThan(23 * 60 * MINUTE);
  });

  it('a modified price makes a resting limit order, which the trader cancels', async () => {
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010)] });
    const [proposal] = await pendingProposals(1);
    await client.call('approvals.modify', { id: proposal!.id, price: '49000', stop: '40000' });
    const approved = await client.call('approvals.approve', { id: proposal!.id });
    const [order] = await client.call('orders.list', { status: 'open' });
    expect(order).toMatchObject({ clientOrderId: approved.clientOrderId, type: 'limit', price: '49000.0', status: 'open' });
    const cancelled = await client.call('orders.cancel', { clientOrderId: approved.clientOrderId! });
    expect(cancelled.status).toBe('cancelled');
    expect(await client.call('orders.list', { status: 'open' })).toEqual([]);
    expect((await client.call('approvals.audit', { proposalId: proposal!.id }))[0]).toMatchObject({ action: 'cancel-requested', actor: { kind: 'trader', via: 'ui' } });
  });

  it('stays on paper without the confirmation phrase, and says why live is not available', async () => {
    const mode = await client.call('trading.mode', {});
    expect(mode).toMatchObject({ mode: 'paper', venue: 'sim', liveAvailable: false, confirmation: LIVE_CONFIRMATION });
    await expect(client.call('trading.setMode', { mode: 'live' })).rejects.toMatchObject({ type: 'ValidationError', message: expect.stringContaining('needs the confirmation') });
    await expect(client.call('trading.setMode', { mode: 'live', confirm: LIVE_CONFIRMATION })).rejects.toMatchObject({
      type: 'ValidationError',
      message: expect.stringContaining('live trading is not available'),
    });
    expect((await client.call('trading.mode', {})).mode).toBe('paper');
    const limits = await client.call('risk.setLimits', { limits: { maxOrderNotional: 1_000 } });
    expect(limits.limits.maxOrderNotional).toBe(1_000);
    await expect(client.call('risk.setLimits', { limits: {} })).rejects.toMatchObject({ type: 'ValidationError' });
  });
});
