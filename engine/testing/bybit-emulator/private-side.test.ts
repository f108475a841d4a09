import { createHmac } from 'node:crypto';
import type { Exchange } from 'ccxt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bybitUrls } from '../../adapters/bybit/bybit-endpoint';
import { loadCcxt, type CcxtModule } from '../../adapters/ccxt/load-ccxt';
import { VENUES } from '../../adapters/venue-table';
import { eventually } from '../eventually';
import { candlesFromCloses } from '../hand-built-candles';
import { BybitEmulator } from './bybit-emulator';

const KEY = 'private-key';
const SECRET = 'private-secret';
const START = Date.UTC(2025, 0, 6, 12, 0);
const SYMBOL = 'BTC/USDT:USDT';
// Minute by minute: flat at 60,000 for 3 minutes, down to 59,000, down to 58,000, back up to 61,000 and 62,000.
const CLOSES = [60_000, 60_000, 60_000, 59_000, 58_000, 61_000, 62_000, 62_000, 62_000, 62_000];

describe('Bybit emulator, private side, through ccxt over HTTP and WebSocket', () => {
  let emulator: BybitEmulator;
  let ccxt: CcxtModule;
  let exchange: Exchange;

  beforeAll(async () => {
    ccxt = await loadCcxt();
    emulator = await BybitEmulator.start({
      now: START,
      apiKeys: { [KEY]: SECRET },
      balances: { USDT: 100_000 },
      tradesPerMinute: 60,
      replays: [{ category: 'linear', symbol: 'BTCUSDT', candles: candlesFromCloses(CLOSES, { start: START, wick: 50, volume: 600 }) }],
    });
    exchange = await connect(SECRET);
    await exchange.loadMarkets();
  });

  afterEach(() => emulator.faults.clear());

  afterAll(async () => {
    await exchange.close();
    await emulator.stop();
  });

  async function connect(secret: string, apiKey = KEY): Promise<Exchange> {
    const ex = new ccxt.pro.bybit({
      ...VENUES.bybit.ccxtConfig,
      apiKey,
      secret,
      enableRateLimit: false,
      timeout: 1_500,
      urls: bybitUrls({ restUrl: emulator.restUrl, wsUrl: emulator.wsUrl }),
    });
    await ex.loadHttpProxyAgent();
    return ex;
  }

  async function signedPost(path: string, body: object, options: { secret?: string; key?: string; timestamp?: number } = {}) {
    const text = JSON.stringify(body);
    const timestamp = String(options.timestamp ?? Date.now());
    const key = options.key ?? KEY;
    const sign = createHmac('sha256', options.secret ?? SECRET).update(timestamp + key + '5000' + text).digest('hex');
    const response = await fetch(`${emulator.restUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-BAPI-API-KEY': key, 'X-BAPI-TIMESTAMP': timestamp, 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN': sign },
      body: text,
    });
    return (await response.json()) as { retCode: number; retMsg: string; result: Record<string, unknown> };
  }

  it('checks keys, signatures and the time window on private endpoints: 10003, 10004, 10002', async () => {
    const order = { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.001', price: '50000' };
    expect((await signedPost('/v5/order/create', order, { key: 'unknown' })).retCode).toBe(10003);
    expect((await signedPost('/v5/order/create', order, { secret: 'wrong' })).retCode).toBe(10004);
    expect((await signedPost('/v5/order/create', order, { timestamp: Date.now() - 60_000 })).retCode).toBe(10002);
    expect((await signedPost('/v5/order/create', order, { timestamp: Date.now() + 5_000 })).retCode).toBe(10002);
    expect(emulator.account.allOrders()).toHaveLength(0);
    const bad = await connect('wrong');
    await expect(bad.createOrder(SYMBOL, 'limit', 'buy', 0.001, 50_000)).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    await bad.close();
  });

  it('fills a market order against the book, with taker fees, a position and the wallet moved', async () => {
    const created = await exchange.createOrder(SYMBOL, 'market', 'buy', 0.5, undefined, { clientOrderId: 'mkt-1' });
    const order = await exchange.fetchOrder(created.id!, SYMBOL, { acknowledged: true });
    expect(order).toMatchObject({ clientOrderId: 'mkt-1', status: 'closed', filled: 0.5, remaining: 0 });
    // The first ask level is one tick above 60,000 and holds 0.5 BTC.
    expect(order.average).toBeCloseTo(60_000.1, 6);
    const trades = await exchange.fetchMyTrades(SYMBOL);
    expect(trades.map((t) => [t.price, t.amount, t.takerOrMaker])).toEqual([[60_000.1, 0.5, 'taker']]);
    expect(trades[0]!.fee!.cost).toBeCloseTo(60_000.1 * 0.5 * 0.00055, 8);
    const [position] = await exchange.fetchPositions([SYMBOL]);
    expect(position).toMatchObject({ side: 'long', contracts: 0.5, entryPrice: 60_000.1 });
    const balance = await exchange.fetchBalance();
    expect(balance.USDT!.total).toBeCloseTo(100_000 - 60_000.1 * 0.5 * 0.00055, 6);
  });

  it('takes several levels and rests the remainder of a limit order as PartiallyFilled; amends; cancels', async () => {
    // Levels 1–3 above 60,000 hold 0.5 + 2.25 + 1.25 = 4 BTC; 5 BTC at 60,000.3 leaves 1 resting.
    const created = await exchange.createOrder(SYMBOL, 'limit', 'buy', 5, 60_000.3, { clientOrderId: 'lim-1' });
    let order = await exchange.fetchOrder(created.id!, SYMBOL, { acknowledged: true });
    expect(order).toMatchObject({ status: 'open', filled: 4, remaining: 1 });
    expect(order.info.orderStatus).toBe('PartiallyFilled');
    await exchange.editOrder(created.id!, SYMBOL, 'limit', 'buy', 5, 55_000);
    order = await exchange.fetchOrder(created.id!, SYMBOL, { acknowledged: true });
    expect(order.price).toBe(55_000);
    await exchange.cancelOrder(created.id!, SYMBOL);
    order = await exchange.fetchOrder(created.id!, SYMBOL, { acknowledged: true });
    expect(order.info.orderStatus).toBe('PartiallyFilledCanceled');
    await expect(exchange.cancelOrder(created.id!, SYMBOL)).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });

  it('cancels a post-only order that would take, rests one that would not', async () => {
    const taking = await exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 60_010, { postOnly: true });
    const resting = await exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 59_990, { postOnly: true });
    const a = await exchange.fetchOrder(taking.id!, SYMBOL, { acknowledged: true });
    const b = await exchange.fetchOrder(resting.id!, SYMBOL, { acknowledged: true });
    expect([a.status, a.info.rejectReason]).toEqual(['canceled', 'EC_PostOnlyWillTakeLiquidity']);
    expect([b.status, b.info.timeInForce]).toEqual(['open', 'PostOnly']);
    await exchange.cancelOrder(resting.id!, SYMBOL);
  });

  it("rejects a duplicate orderLinkId with Bybit's 110072 and keeps one order", async () => {
    await exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 50_000, { clientOrderId: 'dup-1' });
    const again = await signedPost('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '50000', orderLinkId: 'dup-1' });
    expect(again.retCode).toBe(110072);
    expect(emulator.account.allOrders().filter((o) => o.orderLinkId === 'dup-1')).toHaveLength(1);
    await exchange.cancelAllOrders(SYMBOL);
  });

  it('answers 110007 when the margin is not there, 110017 for a reduce-only order that would open', async () => {
    await expect(exchange.createOrder(SYMBOL, 'market', 'buy', 100)).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    await expect(exchange.createOrder(SYMBOL, 'market', 'buy', 0.1, undefined, { reduceOnly: true })).rejects.toBeInstanceOf(ccxt.InvalidOrder);
    const raw = await signedPost('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '100' });
    expect(raw.retCode).toBe(110007);
  });

  it('caps a reduce-only order at the position and closes it with realised PnL', async () => {
    const before = await exchange.fetchPositions([SYMBOL]);
    const open = before[0]!.contracts!;
    const created = await exchange.createOrder(SYMBOL, 'market', 'sell', open + 1, undefined, { reduceOnly: true });
    const order = await exchange.fetchOrder(created.id!, SYMBOL, { acknowledged: true });
    expect(order.filled).toBeCloseTo(open, 6);
    expect(order.info.orderStatus).toBe('PartiallyFilledCanceled');
    const [position] = await exchange.fetchPositions([SYMBOL]);
    expect(position!.contracts ?? 0).toBe(0);
    expect(Number(position!.info.cumRealisedPnl)).toBeLessThan(0);
  });

  it('triggers a conditional stop and an attached stop-loss when the market falls, and pushes it all on the private stream', async () => {
    const events: { id?: string; status: string }[] = [];
    const watching = (async () => {
      while (!events.some((e) => e.id === 'stop-1' && e.status === 'closed')) {
        const orders = await exchange.watchOrders(SYMBOL);
        for (const o of orders) events.push({ id: o.clientOrderId, status: o.status ?? '' });
      }
    })();
    await eventually(() => emulator.privateStreams.subscriberCount('order') > 0);
    // Long 1 BTC with a stop-loss at 59,500; a separate sell stop at 58,500 (conditional, falls through).
    await exchange.createOrder(SYMBOL, 'market', 'buy', 1, undefined, { clientOrderId: 'entry-sl', stopLoss: { triggerPrice: 59_500 } });
    const stop = await exchange.createOrder(SYMBOL, 'market', 'sell', 0.2, undefined, { clientOrderId: 'stop-1', triggerPrice: 58_500, triggerDirection: 'below' });
    expect((await exchange.fetchOrder(stop.id!, SYMBOL, { acknowledged: true })).info.orderStatus).toBe('Untriggered');
    expect((await exchange.fetchPositions([SYMBOL]))[0]!.stopLossPrice).toBe(59_500);
    for (let i = 0; i < 5 * 60; i++) emulator.market.advanceBy(1_000);
    await watching;
    const stopAfter = await exchange.fetchOrder(stop.id!, SYMBOL, { acknowledged: true });
    expect(stopAfter.info.orderStatus).toBe('Filled');
    const closers = emulator.account.allOrders().filter((o) => o.createType === 'CreateByStopLoss');
    expect(closers).toHaveLength(1);
    expect(closers[0]!.status).toBe('Filled');
    const [position] = await exchange.fetchPositions([SYMBOL]);
    // The stop-loss closed the whole long before the conditional stop fired, which then opened 0.2 short.
    expect(position).toMatchObject({ side: 'short', contracts: 0.2 });
    expect(events.length).toBeGreaterThan(2);
  });

  it('serves executions and positions on the private stream with the auth op', async () => {
    const fills = exchange.watchMyTrades(SYMBOL);
    // The first watchPositions returns a REST snapshot (linear and inverse) without subscribing.
    const snapshot = await exchange.watchPositions([SYMBOL]);
    expect(snapshot.map((p) => [p.symbol, p.side, p.contracts])).toEqual([[SYMBOL, 'short', 0.2]]);
    const positions = exchange.watchPositions([SYMBOL]);
    const balance = exchange.watchBalance();
    await eventually(() => emulator.privateStreams.subscriberCount('wallet') > 0 && emulator.privateStreams.subscriberCount('execution') > 0 && emulator.privateStreams.subscriberCount('position') > 0);
    await exchange.createOrder(SYMBOL, 'market', 'buy', 0.2, undefined, { reduceOnly: true });
    const [trades, positionUpdates, wallet] = await Promise.all([fills, positions, balance]);
    expect(trades[0]).toMatchObject({ symbol: SYMBOL, side: 'buy', amount: 0.2 });
    expect(positionUpdates[0]).toMatchObject({ symbol: SYMBOL, contracts: 0 });
    expect(wallet.USDT!.total).toBeGreaterThan(0);
  });

  it('faults: a timeout after acceptance leaves the order at the venue; a cut private stream loses the events', async () => {
    emulator.faults.failNext(1, { kind: 'accept-then-hang' }, '/v5/order/create');
    await expect(exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 50_000, { clientOrderId: 'hang-1' })).rejects.toBeInstanceOf(ccxt.RequestTimeout);
    expect(emulator.account.order(undefined, 'hang-1')?.status).toBe('New');
    emulator.faults.failNext(1, { kind: 'accept-then-drop' }, '/v5/order/create');
    await expect(exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 50_000, { clientOrderId: 'drop-1' })).rejects.toBeInstanceOf(ccxt.NetworkError);
    expect(emulator.account.order(undefined, 'drop-1')?.status).toBe('New');
    emulator.faults.failNext(1, { kind: 'rate-limit' }, '/v5/order/create');
    await expect(exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 50_000, { clientOrderId: 'rl-1' })).rejects.toBeInstanceOf(ccxt.RateLimitExceeded);
    emulator.faults.failNext(1, { kind: 'reject', retCode: 110007, retMsg: 'ab not enough for new order' }, '/v5/order/create');
    await expect(exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 50_000, { clientOrderId: 'nb-1' })).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    expect(emulator.account.order(undefined, 'rl-1')).toBeUndefined();
    expect(emulator.account.order(undefined, 'nb-1')).toBeUndefined();

    const watching = exchange.watchOrders(SYMBOL);
    await eventually(() => emulator.privateStreams.subscriberCount('order') > 0);
    emulator.faults.failNext(1, { kind: 'drop-private-stream' }, '/v5/order/create');
    await exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 50_000, { clientOrderId: 'cut-1' });
    await expect(watching).rejects.toBeInstanceOf(ccxt.NetworkError);
    expect(emulator.account.order(undefined, 'cut-1')?.status).toBe('New');
    await exchange.cancelAllOrders(SYMBOL);
  });
});
