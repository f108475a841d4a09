import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClock } from '../../core/clock';
import { ExecutionEngine, type OrderIntent } from '../../execution/execution-engine';
import { MemoryJournal } from '../../execution/memory-journal';
import { eventually } from '../../testing/eventually';
import { BTC, startBybitFixture } from '../../testing/bybit-execution-fixture';
import type { BybitEmulator } from '../../testing/bybit-emulator/bybit-emulator';
import type { BybitExecutionClient } from './bybit-execution-client';

const SCALES = { priceScale: 1, quantityScale: 3 } as const;

function intent(key: string, overrides: Partial<OrderIntent> = {}): OrderIntent {
  return { key, symbol: BTC, side: 'buy', type: 'limit', quantity: 10n, price: 500_000n, timeInForce: 'GTC', reduceOnly: false, ...SCALES, ...overrides };
}

/** The execution lane's ExecutionEngine driving the Bybit client: faults seen from the engine's journal. */
describe('ExecutionEngine + BybitExecutionClient against the emulator', () => {
  let emulator: BybitEmulator;
  let client: BybitExecutionClient;
  let stop: () => Promise<void>;
  const journal = new MemoryJournal();
  let engine: ExecutionEngine;
  let reconciled = 0;

  beforeAll(async () => {
    ({ emulator, client, stop } = await startBybitFixture());
    engine = new ExecutionEngine({
      client,
      journal,
      clock: new LiveClock(),
      backoff: { initialMs: 10, maxMs: 50, factor: 2, jitter: 0 },
      listener: { onReconciled: () => (reconciled += 1) },
    });
    await engine.start();
    await eventually(() => emulator.privateStreams.subscriberCount('execution') === 1);
  });

  afterAll(async () => {
    engine.stop();
    await stop();
  });

  it('journals an order once when its answer is lost, and tracks its fill from the stream', async () => {
    emulator.faults.failNext(1, { kind: 'accept-then-hang' }, '/v5/order/create');
    const order = await engine.submit(intent('lost-answer', { type: 'market', price: undefined }));
    expect(emulator.account.allOrders().filter((o) => o.orderLinkId === order.clientOrderId)).toHaveLength(1);
    await eventually(() => journal.order(order.clientOrderId)?.status === 'filled');
    expect(journal.fills({ clientOrderId: order.clientOrderId, limit: 10 }).map((f) => f.quantity)).toEqual([10n]);
    // Submitting the same intent again is the same order.
    expect((await engine.submit(intent('lost-answer', { type: 'market', price: undefined }))).venueOrderId).toBe(order.venueOrderId);
    expect(emulator.account.allOrders().filter((o) => o.orderLinkId === order.clientOrderId)).toHaveLength(1);
  });

  it('rejects on 110007 without retrying and without an order at the venue', async () => {
    emulator.faults.failNext(1, { kind: 'reject', retCode: 110007, retMsg: 'ab not enough for new order' }, '/v5/order/create');
    const order = await engine.submit(intent('no-balance'));
    expect(order).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/110007/) });
    expect(emulator.account.allOrders().filter((o) => o.orderLinkId === order.clientOrderId)).toHaveLength(0);
  });

  it('retries a 10006 with the same id and places the order once', async () => {
    emulator.faults.failNext(2, { kind: 'rate-limit' }, '/v5/order/create');
    const order = await engine.submit(intent('rate-limited'));
    expect(order.status).toBe('open');
    expect(emulator.account.allOrders().filter((o) => o.orderLinkId === order.clientOrderId)).toHaveLength(1);
  });

  it('a private stream cut mid-order: the engine reconciles on reconnect and records the fill it missed', async () => {
    const before = reconciled;
    emulator.faults.failNext(1, { kind: 'drop-private-stream' }, '/v5/order/create');
    const order = await engine.submit(intent('stream-cut', { type: 'market', price: undefined, side: 'sell', reduceOnly: true }));
    await eventually(() => reconciled > before, { timeoutMs: 10_000 });
    await eventually(() => journal.order(order.clientOrderId)?.status === 'filled');
    const venue = emulator.account.allExecutions().filter((e) => e.orderLinkId === order.clientOrderId).map((e) => e.execId);
    expect(journal.fills({ clientOrderId: order.clientOrderId, limit: 10 }).map((f) => f.id)).toEqual(venue);
  });

  it('pushes lost while the stream looked alive are found by the next reconciliation', async () => {
    emulator.privateStreams.setLosing(true);
    const order = await engine.submit(intent('silent-loss', { type: 'market', price: undefined }));
    emulator.privateStreams.setLosing(false);
    expect(journal.order(order.clientOrderId)?.status).not.toBe('filled');
    await engine.reconcile('manual');
    expect(journal.order(order.clientOrderId)).toMatchObject({ status: 'filled', filledQuantity: 10n });
    expect(journal.fills({ clientOrderId: order.clientOrderId, limit: 10 })).toHaveLength(1);
  });
});
