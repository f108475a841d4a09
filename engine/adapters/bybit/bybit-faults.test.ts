import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, TransientError } from '../../core/errors';
import { seededRandom } from '../../testing/random';
import { eventually } from '../../testing/eventually';
import { BTC, orderRequest, recordEvents, startBybitFixture, type Recorded } from '../../testing/bybit-execution-fixture';
import type { BybitEmulator } from '../../testing/bybit-emulator/bybit-emulator';
import type { RestFault } from '../../testing/bybit-emulator/faults';
import type { Order, OrderRequest } from '../../model/order';
import type { BybitExecutionClient } from './bybit-execution-client';

/**
 * The test's driver: what the ExecutionEngine does with a client's errors — retry retryable ones with
 * the SAME clientOrderId (backing off), stop at an operational one.
 */
async function submitUntilSettled(client: BybitExecutionClient, request: OrderRequest): Promise<{ order?: Order; rejected?: EngineError; attempts: number }> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    try {
      return { order: await client.submit(request), attempts: attempt };
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      if (!error.retryable) return { rejected: error, attempts: attempt };
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }
  throw new Error(`${request.clientOrderId} never settled`);
}

function venueOrders(emulator: BybitEmulator, clientOrderId: string) {
  return emulator.account.allOrders().filter((o) => o.orderLinkId === clientOrderId);
}

describe('BybitExecutionClient under every injected fault: no duplicate, no lost order', () => {
  let emulator: BybitEmulator;
  let client: BybitExecutionClient;
  let stop: () => Promise<void>;
  let recorded: Recorded;

  beforeAll(async () => {
    ({ emulator, client, stop } = await startBybitFixture());
    recorded = recordEvents(client).recorded;
    await eventually(() => emulator.privateStreams.subscriberCount('order') === 1);
  });

  afterEach(() => emulator.faults.clear());
  afterAll(async () => stop());

  const single: readonly [string, RestFault, 'accepted' | 'rejected'][] = [
    ['a timeout after the order was accepted', { kind: 'accept-then-hang' }, 'accepted'],
    ['a connection cut after the order was accepted', { kind: 'accept-then-drop' }, 'accepted'],
    ['rate limit 10006', { kind: 'rate-limit' }, 'accepted'],
    ['server error 10016', { kind: 'reject', retCode: 10016, retMsg: 'Server error' }, 'accepted'],
    ['a 502 from a proxy', { kind: 'server-error', status: 502 }, 'accepted'],
    ['insufficient balance 110007', { kind: 'reject', retCode: 110007, retMsg: 'ab not enough for new order' }, 'rejected'],
  ];

  for (const [name, fault, outcome] of single) {
    it(`${name}: the order ends ${outcome}, exactly ${outcome === 'accepted' ? 'one' : 'no'} order at the venue`, async () => {
      const request = orderRequest();
      emulator.faults.failNext(1, fault, '/v5/order/create');
      const result = await submitUntilSettled(client, request);
      if (outcome === 'accepted') {
        expect(result.order).toMatchObject({ clientOrderId: request.clientOrderId, status: 'open' });
        expect(venueOrders(emulator, request.clientOrderId)).toHaveLength(1);
        expect(result.order!.venueOrderId).toBe(venueOrders(emulator, request.clientOrderId)[0]!.orderId);
      } else {
        expect(result.rejected).toMatchObject({ retryable: false });
        expect(venueOrders(emulator, request.clientOrderId)).toHaveLength(0);
        expect(await client.fetchOrder(BTC, request.clientOrderId)).toBeUndefined();
      }
      await client.cancel(BTC, request.clientOrderId).catch(() => undefined);
    });
  }

  it('a resubmission of an accepted order (duplicate orderLinkId 110072) answers with the same order', async () => {
    const request = orderRequest();
    const first = await client.submit(request);
    const second = await client.submit(request);
    expect(second.venueOrderId).toBe(first.venueOrderId);
    expect(venueOrders(emulator, request.clientOrderId)).toHaveLength(1);
    await client.cancel(BTC, request.clientOrderId);
  });

  it('a timeout whose lookup also fails is retryable, and the retry finds the order instead of placing another', async () => {
    const request = orderRequest();
    emulator.faults.failNext(1, { kind: 'accept-then-hang' }, '/v5/order/create');
    emulator.faults.failNext(1, { kind: 'rate-limit' }, '/v5/order/realtime');
    await expect(client.submit(request)).rejects.toMatchObject({ retryable: true });
    expect(venueOrders(emulator, request.clientOrderId)).toHaveLength(1);
    const retried = await client.submit(request);
    expect(retried.venueOrderId).toBe(venueOrders(emulator, request.clientOrderId)[0]!.orderId);
    expect(venueOrders(emulator, request.clientOrderId)).toHaveLength(1);

    // A cancel whose answer is lost still resolves to the cancelled order.
    emulator.faults.failNext(1, { kind: 'accept-then-hang' }, '/v5/order/cancel');
    expect(await client.cancel(BTC, request.clientOrderId)).toMatchObject({ status: 'cancelled' });
  });

  it('an amend whose answer is lost is retryable and idempotent', async () => {
    const request = orderRequest();
    await client.submit(request);
    emulator.faults.failNext(1, { kind: 'accept-then-drop' }, '/v5/order/amend');
    await expect(client.amend(BTC, request.clientOrderId, { price: 510_000n })).rejects.toBeInstanceOf(TransientError);
    expect(await client.amend(BTC, request.clientOrderId, { price: 510_000n })).toMatchObject({ price: 510_000n });
    await client.cancel(BTC, request.clientOrderId);
  });

  it('the private stream cut mid-order: its events are lost, the client reconnects, and reconciliation finds the fill', async () => {
    const reconnects = recorded.reconnects;
    const request = orderRequest({ type: 'market', price: undefined, quantity: 100n });
    emulator.faults.failNext(1, { kind: 'drop-private-stream' }, '/v5/order/create');
    await client.submit(request);
    await eventually(() => recorded.reconnects === reconnects + 1, { timeoutMs: 10_000 });
    expect(recorded.fills.some((f) => f.clientOrderId === request.clientOrderId)).toBe(false);
    const venue = emulator.account.allExecutions().filter((e) => e.orderLinkId === request.clientOrderId);
    const fills = (await client.fetchFills(0, BTC)).filter((f) => f.clientOrderId === request.clientOrderId);
    expect(fills.map((f) => f.id)).toEqual(venue.map((e) => e.execId));
    expect(await client.fetchOrder(BTC, request.clientOrderId)).toMatchObject({ status: 'filled', filledQuantity: 100n });
    // And the stream carries the next order's events again.
    const next = await client.submit(orderRequest({ type: 'market', price: undefined, quantity: 100n, side: 'sell', reduceOnly: true }));
    await eventually(() => recorded.fills.some((f) => f.clientOrderId === next.clientOrderId));
  });

  it('200 orders under random faults (seeded): each intent exists at the venue exactly once or, if rejected, not at all', async () => {
    const random = seededRandom(20251121);
    const faults: RestFault[] = [
      { kind: 'accept-then-hang' },
      { kind: 'accept-then-drop' },
      { kind: 'rate-limit' },
      { kind: 'reject', retCode: 10016, retMsg: 'Server error' },
      { kind: 'server-error', status: 503 },
      { kind: 'reject', retCode: 110007, retMsg: 'ab not enough for new order' },
      { kind: 'drop-private-stream' },
    ];
    const outcomes = new Map<string, 'accepted' | 'rejected'>();
    let faulted = 0;
    for (let i = 0; i < 200; i++) {
      // Resting buys below the market, resting sells above it, and sells that take at once.
      const kind = random();
      const request = orderRequest(kind < 0.4 ? { price: 500_000n + BigInt(Math.floor(random() * 1_000)) } : kind < 0.8 ? { side: 'sell', price: 700_000n } : { side: 'sell', price: 590_000n });
      if (random() < 0.6) {
        faulted += 1;
        emulator.faults.failNext(1, faults[Math.floor(random() * faults.length)]!, '/v5/order/create');
        // Sometimes the lookup that follows an ambiguous answer fails too.
        if (random() < 0.2) emulator.faults.failNext(1, { kind: 'rate-limit' }, '/v5/order/realtime');
      }
      const result = await submitUntilSettled(client, request);
      outcomes.set(request.clientOrderId, result.order ? 'accepted' : 'rejected');
      emulator.faults.clear();
    }
    expect(faulted).toBeGreaterThan(80);
    const atVenue = new Map<string, number>();
    for (const order of emulator.account.allOrders()) if (outcomes.has(order.orderLinkId)) atVenue.set(order.orderLinkId, (atVenue.get(order.orderLinkId) ?? 0) + 1);
    const duplicated = [...atVenue].filter(([, count]) => count > 1);
    const lost = [...outcomes].filter(([id, outcome]) => outcome === 'accepted' && atVenue.get(id) !== 1);
    const orphaned = [...outcomes].filter(([id, outcome]) => outcome === 'rejected' && atVenue.has(id));
    expect({ duplicated, lost, orphaned }).toEqual({ duplicated: [], lost: [], orphaned: [] });
    expect([...outcomes.values()].filter((o) => o === 'rejected').length).toBeGreaterThan(0);
    // The engine's view of open orders is the venue's.
    const open = await client.fetchOpenOrders(BTC);
    const venueOpen = emulator.account.allOrders().filter((o) => o.status === 'New' || o.status === 'PartiallyFilled');
    expect(new Set(open.map((o) => o.venueOrderId))).toEqual(new Set(venueOpen.map((o) => o.orderId)));
  }, 60_000);
});
