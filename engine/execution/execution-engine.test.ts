import { afterEach, describe, expect, it } from 'vitest';
import { TransientError } from '../core/errors';
import { clientOrderIdFor } from './execution-engine';
import { executionKit, intent, px, qty, type ExecutionKit } from './execution-test-kit';
import { MemoryJournal } from './memory-journal';

let kit: ExecutionKit;
afterEach(() => kit?.close());

describe('ExecutionEngine', () => {
  it('journals the intent as submitted before the venue hears of it, then follows the venue to the fill', async () => {
    kit = executionKit();
    await kit.engine.start();
    const id = clientOrderIdFor('p-1');
    const seenAtCall: string[] = [];
    kit.venue.beforeSubmit = (request) => {
      const journaled = kit.journal.order(request.clientOrderId);
      seenAtCall.push(`${journaled?.status}`);
      expect(kit.journal.events({ clientOrderId: request.clientOrderId, kind: 'intent', limit: 5 })).toHaveLength(1);
    };
    const order = await kit.engine.submit(intent('p-1'));
    expect(seenAtCall).toEqual(['submitted']);
    expect(order).toMatchObject({ clientOrderId: id, status: 'open', venue: 'sim' });
    expect(id.length).toBeLessThanOrEqual(36);

    kit.clock.advanceBy(1_000);
    kit.paper.onPrice('ETHUSDT', 2001.5, 2, kit.clock.now());
    const filled = kit.journal.order(id);
    expect(filled).toMatchObject({ status: 'filled', filledQuantity: qty('1'), averagePrice: px('2001.50') });
    expect(kit.journal.fills({ clientOrderId: id, limit: 10 })).toHaveLength(1);
    expect(kit.paper.portfolio.quantity('ETHUSDT')).toBe(qty('1'));
    expect(kit.orders.map((o) => o.status)).toEqual(['pending', 'submitted', 'open', 'filled']);
  });

  it('sends an intent once however often it is submitted', async () => {
    kit = executionKit();
    await kit.engine.start();
    const [a, b] = await Promise.all([kit.engine.submit(intent('p-2')), kit.engine.submit(intent('p-2'))]);
    const c = await kit.engine.submit(intent('p-2'));
    expect(a.clientOrderId).toBe(b.clientOrderId);
    expect(c.clientOrderId).toBe(a.clientOrderId);
    expect(kit.venue.received).toHaveLength(1);
    const retry = await kit.engine.submit(intent('p-2', { attempt: 1 }));
    expect(retry.clientOrderId).not.toBe(a.clientOrderId);
    expect(kit.venue.received).toHaveLength(2);
  });

  it('after a timeout that hid an accepted order, looks it up and does not send it again', async () => {
    kit = executionKit();
    await kit.engine.start();
    kit.venue.inject('timeout-after-accept');
    const order = await kit.engine.submit(intent('p-3'));
    expect(order.status).toBe('open');
    expect(kit.venue.received).toHaveLength(1);
    expect(kit.venue.lookups).toEqual([order.clientOrderId]);
    const kinds = kit.journal.events({ clientOrderId: order.clientOrderId, limit: 10 }).map((e) => e.kind);
    expect(kinds).toContain('retry');
    expect(kinds).toContain('lookup');
  });

  it('retries a failure before the venue read the request with the same id', async () => {
    kit = executionKit();
    await kit.engine.start();
    kit.venue.inject('fail-before-accept', 'fail-before-accept');
    const order = await kit.engine.submit(intent('p-4'));
    expect(order.status).toBe('open');
    expect(kit.venue.received.map((r) => r.clientOrderId)).toEqual([order.clientOrderId]);
    expect(kit.venue.lookups).toHaveLength(2);
  });

  it('rejects on an operational failure without retrying', async () => {
    kit = executionKit();
    await kit.engine.start();
    kit.venue.inject('reject');
    const order = await kit.engine.submit(intent('p-5'));
    expect(order).toMatchObject({ status: 'rejected', reason: '110007: insufficient balance' });
    expect(kit.venue.received).toHaveLength(0);
    expect(await kit.engine.submit(intent('p-5'))).toMatchObject({ status: 'rejected' });
    expect(kit.venue.received).toHaveLength(0);
  });

  it('leaves an unconfirmed order submitted after its last attempt, and reconciliation sends it once', async () => {
    kit = executionKit({ maxAttempts: 2 });
    await kit.engine.start();
    kit.venue.inject('fail-before-accept', 'fail-before-accept');
    await expect(kit.engine.submit(intent('p-6'))).rejects.toBeInstanceOf(TransientError);
    const id = clientOrderIdFor('p-6');
    expect(kit.journal.order(id)?.status).toBe('submitted');
    const report = await kit.engine.reconcile('manual');
    expect(report.corrections.map((c) => c.kind)).toEqual(['resent']);
    expect(kit.journal.order(id)?.status).toBe('open');
    expect(kit.venue.received.map((r) => r.clientOrderId)).toEqual([id]);
  });

  it('on reconnect records the fills and status changes it missed, once', async () => {
    kit = executionKit();
    await kit.engine.start();
    const order = await kit.engine.submit(intent('p-7', { type: 'limit', price: px('1990'), timeInForce: 'GTC' }));
    expect(order.status).toBe('open');
    kit.venue.disconnect();
    kit.clock.advanceBy(5_000);
    kit.paper.onPrice('ETHUSDT', 1985, 3, kit.clock.now());
    expect(kit.journal.order(order.clientOrderId)?.status).toBe('open');

    kit.venue.reconnect();
    await expect.poll(() => kit.journal.order(order.clientOrderId)?.status).toBe('filled');
    // Joins the reconciliation the reconnect started.
    await kit.engine.reconcile('manual');
    const corrections = kit.journal.events({ kind: 'reconcile', limit: 10 }).map((e) => e.detail);
    expect(corrections.some((d) => d.startsWith('fill: missed execution'))).toBe(true);
    expect(kit.journal.fills({ clientOrderId: order.clientOrderId, limit: 10 })).toHaveLength(1);
    const again = await kit.engine.reconcile('manual');
    expect(again.corrections).toEqual([]);
  });

  it('after a crash between journal and venue, resends a recent intent and expires an old one', async () => {
    kit = executionKit({ resendWindowMs: 60_000 });
    const base = { venue: 'sim', status: 'pending' as const, filledQuantity: 0n, priceScale: 2, quantityScale: 4, symbol: 'ETHUSDT', side: 'buy' as const };
    const common = { type: 'market' as const, quantity: qty('0.5'), timeInForce: 'GTC' as const, reduceOnly: false };
    kit.journal.insertOrder({ ...base, ...common, clientOrderId: 'st-old', createdAt: kit.clock.now() - 3_600_000, updatedAt: kit.clock.now() - 3_600_000 });
    kit.journal.insertOrder({ ...base, ...common, clientOrderId: 'st-new', createdAt: kit.clock.now() - 5_000, updatedAt: kit.clock.now() - 5_000 });
    const report = await kit.restart().start();
    expect(report.corrections.map((c) => [c.kind, c.clientOrderId])).toEqual([
      ['expired', 'st-old'],
      ['resent', 'st-new'],
    ]);
    expect(kit.journal.order('st-old')?.status).toBe('expired');
    expect(kit.journal.order('st-new')?.status).toBe('open');
    expect(kit.venue.received.map((r) => r.clientOrderId)).toEqual(['st-new']);
  });

  it('counts a fill delivered twice once', async () => {
    kit = executionKit();
    await kit.engine.start();
    const order = await kit.engine.submit(intent('p-8'));
    kit.paper.onPrice('ETHUSDT', 2002, 1, kit.clock.now());
    const [fill] = kit.journal.fills({ clientOrderId: order.clientOrderId, limit: 1 });
    expect(kit.engine.applyFill(fill!)).toBe(false);
    expect(kit.journal.order(order.clientOrderId)?.filledQuantity).toBe(qty('1'));
  });

  it('cancels a resting order, and a finished one stays as it is', async () => {
    kit = executionKit();
    await kit.engine.start();
    const order = await kit.engine.submit(intent('p-9', { type: 'limit', price: px('1900') }));
    const cancelled = await kit.engine.cancel(order.clientOrderId);
    expect(cancelled.status).toBe('cancelled');
    expect((await kit.engine.cancel(order.clientOrderId)).status).toBe('cancelled');
    await expect(kit.engine.cancel('st-nope')).rejects.toThrow('no order st-nope');
  });

  it('runs on an in-memory journal with the test clock, as a backtest drives it', async () => {
    kit = executionKit({ journal: new MemoryJournal() });
    await kit.engine.start();
    const order = await kit.engine.submit(intent('bt-1', { side: 'sell', quantity: qty('0.25') }));
    kit.clock.advanceBy(60_000);
    kit.paper.onPrice('ETHUSDT', 1999, 1, kit.clock.now());
    expect(kit.engine.journal.order(order.clientOrderId)).toMatchObject({ status: 'filled', filledQuantity: qty('0.25') });
    expect(kit.journal.order(order.clientOrderId)).toBeUndefined();
  });
});
