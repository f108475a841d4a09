import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fill } from '../model/order';
import { openDatabase } from '../store/database';
import { tempDir } from '../testing/temp-dir';
import { MemoryJournal } from './memory-journal';
import type { OrderJournal, ProposalRecord, StoredOrder } from './order-journal';
import { IllegalTransitionError } from './order-state-machine';
import { SqliteJournal } from './sqlite-journal';

const order: StoredOrder = {
  clientOrderId: 'st-a',
  venue: 'sim',
  symbol: 'BTCUSDT',
  side: 'buy',
  type: 'limit',
  quantity: 1500n,
  price: 6_500_000n,
  timeInForce: 'GTC',
  reduceOnly: false,
  stopLoss: 6_400_000n,
  proposalId: 'pr-1',
  strategy: 'sma-cross',
  createdAt: 1_000,
  status: 'pending',
  filledQuantity: 0n,
  updatedAt: 1_000,
  priceScale: 2,
  quantityScale: 3,
};

const fill: Fill = {
  id: 'exec-1',
  clientOrderId: 'st-a',
  venue: 'sim',
  symbol: 'BTCUSDT',
  side: 'buy',
  quantity: 500n,
  price: 6_500_000n,
  fee: -12n,
  liquidity: 'maker',
  time: 2_000,
  receivedAt: 2_001,
};

const proposal: ProposalRecord = {
  id: 'pr-1',
  signalId: 'sig-1',
  strategy: 'sma-cross',
  venue: 'bybit',
  symbol: 'BTCUSDT',
  timeframe: '1m',
  side: 'buy',
  orderType: 'market',
  reduceOnly: false,
  entry: 6_500_000n,
  quantity: 1500n,
  stop: 6_400_000n,
  riskMoney: 150_000_000n,
  riskFraction: 0.015,
  estimatedFees: 10_725_000n,
  leverage: 1,
  regime: 'range',
  rationale: 'fast average crossed above the slow one',
  confidence: 0.7,
  status: 'pending',
  mode: 'paper',
  createdAt: 1_000,
  expiresAt: 61_000,
  minPrice: 6_467_500n,
  maxPrice: 6_532_500n,
  priceScale: 2,
  quantityScale: 3,
};

const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function sqlite(): OrderJournal {
  const dir = tempDir();
  dirs.push(dir);
  const db = openDatabase({ path: join(dir.path, 'journal.db') });
  dirs.unshift({ remove: () => db.close() });
  return new SqliteJournal(db);
}

describe.each([
  ['SQLite', sqlite],
  ['in-memory', () => new MemoryJournal()],
])('%s journal', (_name, make) => {
  it('round-trips an order exactly and lists it as live', () => {
    const journal = make();
    journal.insertOrder(order);
    expect(journal.order('st-a')).toEqual(order);
    expect(journal.liveOrders('sim').map((o) => o.clientOrderId)).toEqual(['st-a']);
    expect(journal.orders({ status: 'open', limit: 10 })).toHaveLength(1);
    expect(() => journal.insertOrder(order)).toThrow();
  });

  it('enforces the state machine on updates and writes nothing illegal', () => {
    const journal = make();
    journal.insertOrder(order);
    expect(() => journal.updateOrder({ ...order, status: 'filled' })).toThrow(IllegalTransitionError);
    expect(journal.order('st-a')?.status).toBe('pending');
    journal.updateOrder({ ...order, status: 'submitted', updatedAt: 1_100 });
    journal.updateOrder({ ...order, status: 'partially-filled', filledQuantity: 500n, averagePrice: 6_500_000n, venueOrderId: 'v-1', updatedAt: 2_000 });
    journal.updateOrder({ ...order, status: 'cancelled', filledQuantity: 500n, reason: 'by trader', updatedAt: 3_000 });
    expect(journal.order('st-a')).toMatchObject({ status: 'cancelled', filledQuantity: 500n, reason: 'by trader' });
    expect(() => journal.updateOrder({ ...order, status: 'open' })).toThrow(IllegalTransitionError);
    expect(journal.liveOrders()).toEqual([]);
  });

  it('counts a venue execution once', () => {
    const journal = make();
    expect(journal.recordFill(fill)).toBe(true);
    expect(journal.recordFill({ ...fill, quantity: 999n })).toBe(false);
    expect(journal.recordFill({ ...fill, venue: 'bybit' })).toBe(true);
    expect(journal.fills({ venue: 'sim', limit: 10 })).toEqual([fill]);
    expect(journal.lastFillTime('sim')).toBe(2_000);
    expect(journal.lastFillTime('nowhere')).toBeUndefined();
  });

  it('keeps proposals once per id and audits decisions newest first', () => {
    const journal = make();
    expect(journal.insertProposal(proposal)).toBe(true);
    expect(journal.insertProposal({ ...proposal, quantity: 1n })).toBe(false);
    expect(journal.proposal('pr-1')).toEqual(proposal);
    const decided = { ...proposal, status: 'approved' as const, decidedAt: 2_000, decidedBy: { kind: 'policy' as const, policy: 'auto-paper-only' } };
    journal.updateProposal(decided);
    expect(journal.proposal('pr-1')).toEqual(decided);
    expect(journal.proposals({ status: ['pending'], limit: 10 })).toEqual([]);
    expect(() => journal.updateProposal({ ...proposal, id: 'nope' })).toThrow();
    journal.audit({ at: 1, action: 'proposed', actor: { kind: 'system', component: 'approvals' }, proposalId: 'pr-1', strategy: 'sma-cross', detail: 'made' });
    journal.audit({ at: 2, action: 'approved', actor: { kind: 'trader', via: 'ui' }, proposalId: 'pr-1', strategy: 'sma-cross', detail: 'ok' });
    journal.audit({ at: 3, action: 'mode-set', actor: { kind: 'trader', via: 'cli' }, detail: 'paper' });
    const forProposal = journal.auditEntries({ proposalId: 'pr-1', limit: 10 });
    expect(forProposal.map((e) => e.action)).toEqual(['approved', 'proposed']);
    expect(forProposal[0]?.actor).toEqual({ kind: 'trader', via: 'ui' });
    const all = journal.auditEntries({ limit: 2 });
    expect(all.map((e) => e.action)).toEqual(['mode-set', 'approved']);
    expect(journal.auditEntries({ before: all[1]!.id, limit: 10 }).map((e) => e.action)).toEqual(['proposed']);
  });

  it('records order events for the reconciliation trail', () => {
    const journal = make();
    journal.recordEvent({ clientOrderId: 'st-a', venue: 'sim', kind: 'intent', status: 'pending', detail: 'buy', at: 1 });
    journal.recordEvent({ venue: 'sim', kind: 'reconcile', detail: 'balance: USDT differs', at: 2 });
    expect(journal.events({ kind: 'reconcile', limit: 10 })).toEqual([{ id: 2, venue: 'sim', kind: 'reconcile', detail: 'balance: USDT differs', at: 2 }]);
    expect(journal.events({ clientOrderId: 'st-a', limit: 10 })).toHaveLength(1);
  });
});
