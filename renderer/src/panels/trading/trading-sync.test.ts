import { describe, expect, it, vi } from 'vitest';
import { EngineClient } from '../../engine-client/engine-client';
import { FakeTransport } from '../../testing/fake-transport';
import { makeFill, makeMode, makeOrder, makePolicy, makePortfolio, makeProposal, makeRisk } from './trading-fixtures';
import { createTradingStore } from './trading-store';
import { MARK_REFRESH_MS, startTradingSync } from './trading-sync';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp() {
  const transport = new FakeTransport();
  const client = new EngineClient(transport);
  client.start();
  const store = createTradingStore();
  const stop = startTradingSync(client, store);
  transport.welcome();
  const answered = new Set<number>();
  const answer = (results: Record<string, unknown>, failures: Record<string, string> = {}) => {
    for (const call of transport.sentOf('call')) {
      if (answered.has(call.id)) continue;
      if (call.method in results) transport.deliver({ type: 'result', id: call.id, result: results[call.method] });
      else if (call.method in failures) transport.deliver({ type: 'error', id: call.id, error: { type: 'TradingUnavailableError', message: failures[call.method]! } });
      else continue;
      answered.add(call.id);
    }
  };
  return { transport, store, stop, answer };
}

const everything = {
  'approvals.list': [makeProposal()],
  'orders.list': [makeOrder()],
  'orders.fills': [makeFill()],
  'portfolio.get': makePortfolio(),
  'risk.get': makeRisk(),
  'trading.mode': makeMode(),
  'approvals.policies': [makePolicy()],
};

describe('trading sync', () => {
  it('loads every part when the engine welcomes us, then follows the streams', async () => {
    const { transport, store, stop, answer } = setUp();
    expect(transport.sentOf('subscribe').flatMap((m) => Object.keys(m.streams))).toEqual(
      expect.arrayContaining(['approvals.proposal', 'orders.updated', 'orders.fill', 'portfolio.updated', 'risk.state', 'trading.mode']),
    );
    answer(everything);
    await flush();
    const state = store.getState();
    expect(state.proposals.map((p) => p.id)).toEqual(['p1']);
    expect(state.orders).toHaveLength(1);
    expect(state.fills).toHaveLength(1);
    expect(state.portfolio?.equity).toBe('10125.00000000');
    expect(state.risk?.state).toBe('ACTIVE');
    expect(state.mode?.mode).toBe('paper');
    expect(state.policies).toHaveLength(1);

    transport.deliver({ type: 'event', stream: 'approvals.proposal', seq: 1, payload: makeProposal({ id: 'p2' }) });
    transport.deliver({ type: 'event', stream: 'orders.updated', seq: 1, payload: makeOrder({ clientOrderId: 'o2', createdAt: 2_000_000 }) });
    transport.deliver({ type: 'event', stream: 'orders.fill', seq: 1, payload: makeFill({ id: 'f2', time: 2_000_000 }) });
    transport.deliver({ type: 'event', stream: 'risk.state', seq: 1, payload: makeRisk({ state: 'HALTED', reason: 'kill switch' }) });
    transport.deliver({ type: 'event', stream: 'trading.mode', seq: 1, payload: makeMode({ mode: 'live' }) });
    transport.deliver({ type: 'event', stream: 'portfolio.updated', seq: 1, payload: makePortfolio({ equity: '9000.00000000' }) });
    expect(store.getState().proposals.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(store.getState().orders[0]?.clientOrderId).toBe('o2');
    expect(store.getState().fills[0]?.id).toBe('f2');
    expect(store.getState().risk?.state).toBe('HALTED');
    expect(store.getState().mode?.mode).toBe('live');
    expect(store.getState().portfolio?.equity).toBe('9000.00000000');

    stop();
    expect(transport.sentOf('unsubscribe').flatMap((m) => m.streams)).toEqual(expect.arrayContaining(['approvals.proposal', 'trading.mode']));
  });

  it('keeps the parts that load when others fail, and says why the others did not', async () => {
    const { store, answer } = setUp();
    const { 'risk.get': _risk, ...rest } = everything;
    answer(rest, { 'risk.get': 'the risk engine is not available in this engine yet' });
    await flush();
    expect(store.getState().proposals).toHaveLength(1);
    expect(store.getState().risk).toBeNull();
    expect(store.getState().loadErrors).toEqual({ risk: 'the risk engine is not available in this engine yet' });
  });

  it('reloads a part whose events were lost', async () => {
    const { transport, store, answer } = setUp();
    answer(everything);
    await flush();
    const before = transport.sentOf('call').length;
    transport.deliver({ type: 'gap', stream: 'approvals.proposal', after: 1, resumedAt: 40 });
    const again = transport.sentOf('call').slice(before);
    expect(again.map((c) => c.method)).toEqual(['approvals.list']);
    answer({ 'approvals.list': [makeProposal({ id: 'p9' })] });
    await flush();
    expect(store.getState().proposals.map((p) => p.id)).toEqual(['p9']);
  });

  it('reads the portfolio again, at most once a second, when a bar of a held symbol arrives', async () => {
    vi.useFakeTimers();
    try {
      const { transport, store, answer } = setUp();
      answer(everything);
      await vi.advanceTimersByTimeAsync(0);
      const portfolioCalls = () => transport.sentOf('call').filter((c) => c.method === 'portfolio.get').length;
      const candle = (seq: number, symbol: string) => ({
        type: 'event' as const,
        stream: 'data.candle',
        seq,
        payload: { venue: 'sim', symbol, timeframe: '1m', closed: true, receivedAt: 0, candle: { openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 } },
      });
      transport.deliver(candle(1, 'ETHUSDT'));
      await vi.advanceTimersByTimeAsync(MARK_REFRESH_MS);
      expect(portfolioCalls()).toBe(1);
      transport.deliver(candle(2, 'BTCUSDT'));
      transport.deliver(candle(3, 'BTCUSDT'));
      await vi.advanceTimersByTimeAsync(MARK_REFRESH_MS);
      expect(portfolioCalls()).toBe(2);
      answer({ 'portfolio.get': makePortfolio({ equity: '10200.00000000' }) });
      await vi.advanceTimersByTimeAsync(0);
      expect(store.getState().portfolio?.equity).toBe('10200.00000000');
    } finally {
      vi.useRealTimers();
    }
  });

  it('after a dropped link, resumes every stream from its last sequence: replayed fills land once, none lost, and a gap reloads', async () => {
    const { transport, store, answer } = setUp();
    answer({ ...everything, 'orders.fills': [] });
    await flush();
    const fill = (n: number) => makeFill({ id: `f${n}`, time: 2_000_000 + n });
    for (const n of [1, 2, 3]) transport.deliver({ type: 'event', stream: 'orders.fill', seq: n, payload: fill(n) });
    transport.deliver({ type: 'event', stream: 'approvals.proposal', seq: 7, payload: makeProposal({ id: 'p7' }) });

    transport.drop();
    transport.welcome();
    const resume = transport.sentOf('subscribe').at(-1);
    expect(resume?.streams).toMatchObject({ 'orders.fill': 3, 'approvals.proposal': 7 });
    // The engine replays from its ring; an overlap with what already arrived is dropped by sequence.
    for (const n of [2, 3, 4, 5]) transport.deliver({ type: 'event', stream: 'orders.fill', seq: n, payload: fill(n) });
    expect(store.getState().fills.map((f) => f.id).sort()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);

    // Too far behind for the ring: the engine says so and the part is read again, once.
    const before = transport.sentOf('call').length;
    transport.deliver({ type: 'gap', stream: 'orders.fill', after: 5, resumedAt: 30_000 });
    expect(transport.sentOf('call').slice(before).map((c) => c.method)).toEqual(['orders.fills']);
    answer({ 'orders.fills': [fill(30_000), fill(5)] });
    await flush();
    expect(store.getState().fills.map((f) => f.id).sort()).toEqual(['f30000', 'f5']);
    transport.deliver({ type: 'event', stream: 'orders.fill', seq: 30_000, payload: fill(30_000) });
    transport.deliver({ type: 'event', stream: 'orders.fill', seq: 30_001, payload: fill(30_001) });
    expect(store.getState().fills.map((f) => f.id).sort()).toEqual(['f30000', 'f30001', 'f5']);
  });
});
