import { describe, expect, it } from 'vitest';
import { makeFill, makeOrder, makeProposal } from './trading-fixtures';
import { createTradingStore, KEEP_ROWS } from './trading-store';

describe('trading store', () => {
  it('queues pending and snoozed proposals, pending first and soonest to expire first', () => {
    const store = createTradingStore();
    store.getState().setProposals([
      makeProposal({ id: 'late', expiresAt: 9_000_000 }),
      makeProposal({ id: 'snoozed', status: 'snoozed', expiresAt: 1 }),
      makeProposal({ id: 'soon', expiresAt: 2_000_000 }),
      makeProposal({ id: 'done', status: 'approved' }),
    ]);
    expect(store.getState().proposals.map((p) => p.id)).toEqual(['soon', 'late', 'snoozed']);
  });

  it('adds a new proposal from the stream and updates one in place', () => {
    const store = createTradingStore();
    store.getState().applyProposal(makeProposal({ id: 'a' }));
    store.getState().applyProposal(makeProposal({ id: 'a', quantity: '0.100' }));
    expect(store.getState().proposals).toHaveLength(1);
    expect(store.getState().proposals[0]?.quantity).toBe('0.100');
    expect(store.getState().feedback).toEqual([]);
  });

  it('takes a decided proposal out of the queue with feedback naming the decision, and releases its buttons', () => {
    const store = createTradingStore();
    store.getState().applyProposal(makeProposal({ id: 'a' }));
    store.getState().setBusy('a', true);
    expect(store.getState().busy).toEqual({ a: true });
    store.getState().applyProposal(makeProposal({ id: 'a', status: 'submitted', decidedBy: { kind: 'trader', via: 'ui' } }), 5_000);
    expect(store.getState().proposals).toEqual([]);
    expect(store.getState().busy).toEqual({});
    expect(store.getState().feedback).toEqual([{ proposalId: 'a', tone: 'approved', text: 'Approved: BUY 0.25 BTCUSDT sent', at: 5_000 }]);

    store.getState().applyProposal(makeProposal({ id: 'b', side: 'sell' }));
    store.getState().applyProposal(makeProposal({ id: 'b', side: 'sell', status: 'rejected', decidedBy: { kind: 'policy', policy: 'auto-within-limits' } }), 6_000);
    expect(store.getState().feedback[0]).toMatchObject({ tone: 'rejected', text: 'Rejected by policy auto-within-limits: SELL 0.25 BTCUSDT' });

    store.getState().applyProposal(makeProposal({ id: 'c' }));
    store.getState().applyProposal(makeProposal({ id: 'c', status: 'expired' }), 7_000);
    store.getState().applyProposal(makeProposal({ id: 'd' }));
    store.getState().applyProposal(makeProposal({ id: 'd', status: 'failed', reason: 'risk: order notional 12,000 over the 5,000 limit' }), 8_000);
    expect(store.getState().feedback.map((f) => f.tone)).toEqual(['failed', 'expired', 'rejected', 'approved']);
    expect(store.getState().feedback[0]?.text).toBe('Failed: BUY 0.25 BTCUSDT — risk: order notional 12,000 over the 5,000 limit');
    store.getState().dismissFeedback('d');
    expect(store.getState().feedback.map((f) => f.proposalId)).toEqual(['c', 'b', 'a']);
  });

  it('stays quiet about decisions on proposals it never queued (old events replayed)', () => {
    const store = createTradingStore();
    store.getState().applyProposal(makeProposal({ id: 'old', status: 'approved' }));
    expect(store.getState().feedback).toEqual([]);
  });

  it('says so when a queued proposal is snoozed, and keeps it below the pending ones', () => {
    const store = createTradingStore();
    store.getState().applyProposal(makeProposal({ id: 'a', expiresAt: 1 }));
    store.getState().applyProposal(makeProposal({ id: 'b', expiresAt: 2 }));
    store.getState().applyProposal(makeProposal({ id: 'a', expiresAt: 1, status: 'snoozed', snoozedUntil: 300_000 }), 10);
    expect(store.getState().proposals.map((p) => p.id)).toEqual(['b', 'a']);
    expect(store.getState().feedback[0]).toMatchObject({ proposalId: 'a', tone: 'snoozed' });
  });

  it('keeps orders by client order id newest first, and each fill once', () => {
    const store = createTradingStore();
    store.getState().setOrders([makeOrder({ clientOrderId: 'o1', createdAt: 1 }), makeOrder({ clientOrderId: 'o2', createdAt: 2 })]);
    store.getState().applyOrder(makeOrder({ clientOrderId: 'o1', createdAt: 1, status: 'filled', filledQuantity: '0.250' }));
    expect(store.getState().orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ['o2', 'open'],
      ['o1', 'filled'],
    ]);
    store.getState().applyFill(makeFill({ id: 'f1' }));
    store.getState().applyFill(makeFill({ id: 'f1' }));
    store.getState().applyFill(makeFill({ id: 'f2', time: 2_000_000 }));
    expect(store.getState().fills.map((f) => f.id)).toEqual(['f2', 'f1']);
  });

  it('caps the blotter rows', () => {
    const store = createTradingStore();
    store.getState().setOrders(Array.from({ length: KEEP_ROWS + 10 }, (_, i) => makeOrder({ clientOrderId: `o${i}`, createdAt: i })));
    expect(store.getState().orders).toHaveLength(KEEP_ROWS);
    expect(store.getState().orders[0]?.clientOrderId).toBe(`o${KEEP_ROWS + 9}`);
  });

  it('records and clears load errors per part', () => {
    const store = createTradingStore();
    store.getState().setLoadError('risk', 'the risk engine is not available in this engine yet');
    store.getState().setLoadError('mode', 'x');
    store.getState().setLoadError('mode', null);
    expect(store.getState().loadErrors).toEqual({ risk: 'the risk engine is not available in this engine yet' });
  });
});
