import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, RateLimitError, TransientError, ValidationError } from '../../core/errors';
import { eventually } from '../../testing/eventually';
import { BTC, orderRequest, recordEvents, startBybitFixture, TEST_KEY, type Recorded } from '../../testing/bybit-execution-fixture';
import type { BybitEmulator } from '../../testing/bybit-emulator/bybit-emulator';
import { BybitExecutionClient } from './bybit-execution-client';
import { ClockSkewError, OrderRejectedError } from './bybit-errors';

describe('BybitExecutionClient through ccxt against the emulator (HTTP and WebSocket)', () => {
  let emulator: BybitEmulator;
  let client: BybitExecutionClient;
  let stop: () => Promise<void>;
  let recorded: Recorded;

  beforeAll(async () => {
    ({ emulator, client, stop } = await startBybitFixture());
    recorded = recordEvents(client).recorded;
    await eventually(() => emulator.privateStreams.subscriberCount('wallet') === 1);
  });

  afterAll(async () => stop());

  it('places a limit order that partly fills, amends it, cancels it; the stream and REST agree in integer units', async () => {
    // Ask levels above 60,000.0 hold 0.5, 2.25 and 1.25 BTC: 5 BTC at 60,000.3 takes 4 and rests 1.
    const request = orderRequest({ quantity: 5_000n, price: 600_003n });
    const accepted = await client.submit(request);
    expect(accepted).toMatchObject({ clientOrderId: request.clientOrderId, status: 'open', filledQuantity: 0n });
    expect(accepted.venueOrderId).toBe(emulator.account.order(undefined, request.clientOrderId)!.orderId);

    const order = await client.fetchOrder(BTC, request.clientOrderId);
    expect(order).toMatchObject({ status: 'partially-filled', filledQuantity: 4_000n, quantity: 5_000n, price: 600_003n, type: 'limit', side: 'buy' });
    // (0.5 × 60,000.1 + 2.25 × 60,000.2 + 1.25 × 60,000.3) / 4 = 60,000.1875 → 60,000.2 at one decimal.
    expect(order!.averagePrice).toBe(600_002n);

    await eventually(() => recorded.fills.filter((f) => f.clientOrderId === request.clientOrderId).length === 3);
    const streamed = recorded.fills.filter((f) => f.clientOrderId === request.clientOrderId);
    expect(streamed.map((f) => [f.price, f.quantity, f.liquidity])).toEqual([
      [600_001n, 500n, 'taker'],
      [600_002n, 2_250n, 'taker'],
      [600_003n, 1_250n, 'taker'],
    ]);
    // 0.055 % taker fee of 30,000.05 USDT = 16.5000275 USDT, in 1e-8 units.
    expect(streamed[0]!.fee).toBe(1_650_002_750n);
    const fetched = await client.fetchFills(0, BTC);
    expect(fetched.filter((f) => f.clientOrderId === request.clientOrderId)).toEqual(streamed.map((f) => ({ ...f, receivedAt: expect.any(Number) })));

    const amended = await client.amend(BTC, request.clientOrderId, { price: 550_000n });
    expect(amended).toMatchObject({ price: 550_000n, status: 'partially-filled' });
    const cancelled = await client.cancel(BTC, request.clientOrderId);
    expect(cancelled).toMatchObject({ status: 'cancelled', filledQuantity: 4_000n });
    await eventually(() => recorded.orders.some((o) => o.clientOrderId === request.clientOrderId && o.status === 'cancelled'));
    // Cancelling again answers with the order as it is, not an error.
    expect((await client.cancel(BTC, request.clientOrderId)).status).toBe('cancelled');
    await expect(client.cancel(BTC, 'never-sent')).rejects.toBeInstanceOf(NotFoundError);

    const [position] = await client.fetchPositions();
    expect(position).toMatchObject({ symbol: BTC, quantity: 4_000n, entryPrice: 600_002n, leverage: 10 });
    const usdt = (await client.fetchBalances()).find((b) => b.asset === 'USDT')!;
    expect(usdt.total).toBe(100_000_00000000n - streamed.reduce((sum, f) => sum + f.fee, 0n));
    expect(usdt.free).toBeLessThan(usdt.total);
    await eventually(() => recorded.positions.some((p) => p.quantity === 4_000n) && recorded.balances.some((b) => b.total === usdt.total));
  });

  it('rejects a post-only order that would take liquidity; rests one that would not', async () => {
    const taking = await client.submit(orderRequest({ price: 600_100n, timeInForce: 'post-only' }));
    expect((await client.fetchOrder(BTC, taking.clientOrderId))).toMatchObject({ status: 'cancelled', reason: 'EC_PostOnlyWillTakeLiquidity', timeInForce: 'post-only' });
    const resting = await client.submit(orderRequest({ price: 599_900n, timeInForce: 'post-only' }));
    expect((await client.fetchOrder(BTC, resting.clientOrderId))?.status).toBe('open');
    expect((await client.fetchOpenOrders(BTC)).map((o) => o.clientOrderId)).toEqual([resting.clientOrderId]);
    await client.cancel(BTC, resting.clientOrderId);
    expect(await client.fetchOpenOrders()).toEqual([]);
  });

  it('caps a reduce-only order at the position; refuses one that would open with an operational rejection', async () => {
    const reduce = await client.submit(orderRequest({ side: 'sell', type: 'market', price: undefined, quantity: 1_000n, reduceOnly: true }));
    expect(await client.fetchOrder(BTC, reduce.clientOrderId)).toMatchObject({ status: 'filled', filledQuantity: 1_000n, reduceOnly: true });
    const [position] = await client.fetchPositions();
    expect(position!.quantity).toBe(3_000n);
    const opening = client.submit(orderRequest({ side: 'buy', type: 'market', price: undefined, quantity: 1_000n, reduceOnly: true }));
    await expect(opening).rejects.toBeInstanceOf(OrderRejectedError);
    await expect(opening).rejects.toMatchObject({ retCode: 110017, retryable: false });
  });

  it('places an entry with attached stop-loss and take-profit and a conditional stop; both trigger as the market falls', async () => {
    const entry = await client.submit(orderRequest({ type: 'market', price: undefined, quantity: 1_000n, stopLoss: 595_000n, takeProfit: 640_000n }));
    expect(await client.fetchOrder(BTC, entry.clientOrderId)).toMatchObject({ status: 'filled', stopLoss: 595_000n, takeProfit: 640_000n });
    const stop = await client.submit(orderRequest({ side: 'sell', type: 'stop-market', price: undefined, triggerPrice: 585_000n, quantity: 500n, reduceOnly: false }));
    expect(await client.fetchOrder(BTC, stop.clientOrderId)).toMatchObject({ status: 'open', type: 'stop-market', triggerPrice: 585_000n });
    for (let i = 0; i < 5 * 60; i++) emulator.market.advanceBy(1_000);
    expect(await client.fetchOrder(BTC, stop.clientOrderId)).toMatchObject({ status: 'filled', filledQuantity: 500n });
    const closer = emulator.account.allOrders().find((o) => o.createType === 'CreateByStopLoss')!;
    // The venue's own stop-loss order has no orderLinkId; the engine sees it under a stable id of its own.
    await eventually(() => recorded.orders.some((o) => o.clientOrderId === `bybit:${closer.orderId}` && o.status === 'filled'));
    const [position] = await client.fetchPositions();
    expect(position!.quantity).toBe(-500n);
    await eventually(() => recorded.positions.at(-1)?.quantity === -500n);
  });

  it('maps retCodes: 110007 operational, 10006 and 10016 retryable, 10001 a validation error', async () => {
    const attempt = () => client.submit(orderRequest());
    emulator.faults.failNext(1, { kind: 'reject', retCode: 110007, retMsg: 'ab not enough for new order' }, '/v5/order/create');
    await expect(attempt()).rejects.toMatchObject({ name: 'OrderRejectedError', retCode: 110007, retryable: false });
    emulator.faults.failNext(1, { kind: 'rate-limit' }, '/v5/order/create');
    await expect(attempt()).rejects.toBeInstanceOf(RateLimitError);
    emulator.faults.failNext(1, { kind: 'reject', retCode: 10016, retMsg: 'Server error' }, '/v5/order/create');
    const server = attempt();
    await expect(server).rejects.toBeInstanceOf(TransientError);
    await expect(server).rejects.toMatchObject({ retryable: true });
    await expect(client.submit(orderRequest({ quantity: 1_000_000_000n }))).rejects.toMatchObject({ name: 'OrderRejectedError', retCode: 110007 });
    await expect(client.submit(orderRequest({ symbol: 'NOPE/USDT:USDT' }))).rejects.toBeInstanceOf(ValidationError);
    emulator.faults.failNext(1, { kind: 'reject', retCode: 10001, retMsg: 'params error: qty invalid' }, '/v5/order/create');
    await expect(attempt()).rejects.toBeInstanceOf(ValidationError);
  });

  it('says clearly when the keys are wrong, on REST and on the private stream', async () => {
    const errors: Error[] = [];
    const wrong = await BybitExecutionClient.create({
      credentials: { apiKey: TEST_KEY, secret: 'not-the-secret' },
      endpoint: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl },
      rateLimit: false,
      onStreamError: (error) => errors.push(error),
    });
    const rest = wrong.submit(orderRequest());
    await expect(rest).rejects.toBeInstanceOf(AuthError);
    await expect(rest).rejects.toThrow(/10004.*API secret is wrong/);
    wrong.subscribe({});
    await eventually(() => errors.length === 1);
    expect(errors[0]).toBeInstanceOf(AuthError);
    await wrong.close();
    const unknown = await BybitExecutionClient.create({ credentials: { apiKey: 'nobody', secret: 'x' }, endpoint: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl }, rateLimit: false });
    await expect(unknown.fetchBalances()).rejects.toThrow(/10003.*API key is not valid/);
    await expect(BybitExecutionClient.create({ credentials: { apiKey: '', secret: '' } })).rejects.toBeInstanceOf(ValidationError);
  });

  it('names clock skew (10002) as such, and works once the offset is known', async () => {
    const skewed = await BybitExecutionClient.create({ credentials: { apiKey: TEST_KEY, secret: 'engine-secret' }, endpoint: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl }, rateLimit: false, timeDifferenceMs: 30_000 });
    const failure = skewed.fetchBalances();
    await expect(failure).rejects.toBeInstanceOf(ClockSkewError);
    await expect(failure).rejects.toThrow(/10002.*clock/);
    const corrected = await BybitExecutionClient.create({ credentials: { apiKey: TEST_KEY, secret: 'engine-secret' }, endpoint: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl }, rateLimit: false, timeDifferenceMs: 1_000 });
    await expect(corrected.fetchBalances()).resolves.toHaveLength(1);
  });
});
