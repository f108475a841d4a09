import { describe, expect, it } from 'vitest';
import { TestClock } from '../../core/clock';
import { VenueError } from '../../core/errors';
import type { ExecutionEvents } from '../../execution/execution-client';
import { ExecutionEngine, type ExecutionListener } from '../../execution/execution-engine';
import { MemoryJournal } from '../../execution/memory-journal';
import type { Balance, Fill, Order, Position } from '../../model/order';
import { SimExecutionClient } from './sim-execution-client';
import type { SimConfig } from './sim-config';
import { bar, MINUTE, px, qty, request, usd } from './sim-test-kit';
import { ETH_SPOT } from './test-instruments';

function paper(config: SimConfig = {}, initialCash = usd('1000')) {
  const clock = new TestClock(0);
  const client = new SimExecutionClient({ instruments: [ETH_SPOT], clock, initialCash, config });
  const seen: { orders: Order[]; fills: Fill[]; positions: Position[]; balances: Balance[] } = { orders: [], fills: [], positions: [], balances: [] };
  const events: ExecutionEvents = {
    onOrder: (o) => seen.orders.push(o),
    onFill: (f) => seen.fills.push(f),
    onPosition: (p) => seen.positions.push(p),
    onBalance: (b) => seen.balances.push(b),
  };
  const stop = client.subscribe(events);
  return { clock, client, seen, stop };
}

describe('SimExecutionClient (paper trading on live data)', () => {
  it('a market order fills at the next live trade, with slippage and fee, and reports order, fill, position and balance', async () => {
    const { clock, client, seen } = paper({ takerFeeBps: 10, slippage: { kind: 'fixed', bps: 10 } });
    clock.advanceTo(MINUTE);
    client.onCandle('ETHUSDT', bar(0, 100, 101, 99, 100));
    const order = await client.submit(request({ clientOrderId: 'p1', quantity: qty('2') }));
    expect(order.status).toBe('open');
    clock.advanceBy(1_500);
    client.onTrade('ETHUSDT', { id: 't1', time: 61_500, price: 101, amount: 0.3, side: 'buy' });
    // 101 × 1.001 = 101.101 → 101.11; fee 202.22 × 10 bps = 0.20222.
    expect(seen.fills).toEqual([expect.objectContaining({ clientOrderId: 'p1', price: px('101.11'), quantity: qty('2'), fee: usd('0.20222'), time: 61_500, receivedAt: 61_500 })]);
    expect(seen.orders.map((o) => o.status)).toEqual(['open', 'filled']);
    expect(seen.positions.at(-1)).toMatchObject({ symbol: 'ETHUSDT', quantity: qty('2'), entryPrice: px('101.11') });
    expect(seen.balances.at(-1)).toMatchObject({ asset: 'USDT', total: usd('1000') - usd('0.20222') });
    expect(await client.fetchPositions()).toEqual([expect.objectContaining({ quantity: qty('2') })]);
    expect(await client.fetchFills(61_000)).toHaveLength(1);
    expect(await client.fetchFills(62_000)).toHaveLength(0);
    expect(await client.fetchOrder('ETHUSDT', 'p1')).toMatchObject({ status: 'filled', averagePrice: px('101.11') });
    expect(await client.fetchOrder('BTCUSDT', 'p1')).toBeUndefined();
  });

  it('position and balance go to the subscribers that listen to them, each as it was after its fill', async () => {
    const { clock, client, seen } = paper();
    const positionsOnly: Position[] = [];
    const fillsOnly: Fill[] = [];
    client.subscribe({ onPosition: (p) => positionsOnly.push(p) });
    client.subscribe({ onFill: (f) => fillsOnly.push(f) });
    client.onCandle('ETHUSDT', bar(0, 100, 101, 99, 100));
    await client.submit(request({ clientOrderId: 'a1', stopLoss: px('95') }));
    clock.advanceTo(2 * MINUTE);
    client.onCandle('ETHUSDT', bar(1, 100.5, 101, 94, 95));
    expect(fillsOnly.map((f) => f.clientOrderId)).toEqual(['a1', 'a1:sl']);
    // One position per fill, taken when it happened: long 1 after the entry, flat after the stop.
    expect(positionsOnly.map((p) => p.quantity)).toEqual([qty('1'), 0n]);
    expect(seen.positions.map((p) => p.quantity)).toEqual([qty('1'), 0n]);
    expect(seen.balances.map((b) => b.total)).toEqual([usd('1000'), usd('994.5')]);
  });

  it('without a trade feed, orders fill on the next candle by the backtest rules', async () => {
    const { clock, client, seen } = paper();
    client.onCandle('ETHUSDT', bar(0, 100, 101, 99, 100));
    await client.submit(request({ clientOrderId: 'c1', stopLoss: px('95') }));
    clock.advanceTo(2 * MINUTE);
    client.onCandle('ETHUSDT', bar(1, 100.5, 101, 94, 95));
    expect(seen.fills.map((f) => [f.clientOrderId, f.price])).toEqual([
      ['c1', px('100.5')],
      ['c1:sl', px('95')],
    ]);
    expect(await client.fetchPositions()).toEqual([]);
    expect(client.portfolio.realizedPnl()).toBe(usd('-5.5'));
  });

  it('candles drive matching again once the trade feed goes quiet', async () => {
    const { clock, client, seen } = paper();
    client.onTrade('ETHUSDT', { id: 't', time: 0, price: 100, amount: 1, side: 'buy' });
    await client.submit(request({ clientOrderId: 'l1', type: 'limit', price: px('99') }));
    clock.advanceTo(30_000);
    client.onCandle('ETHUSDT', bar(0, 100, 100, 98, 99.5)); // the trade feed is fresh: the candle only marks
    expect(seen.fills).toEqual([]);
    clock.advanceTo(120_000);
    client.onCandle('ETHUSDT', bar(1, 99.5, 100, 98, 99.5));
    expect(seen.fills.map((f) => f.price)).toEqual([px('99')]);
  });

  it('submit is idempotent by clientOrderId: one order, one fill', async () => {
    const { client, seen } = paper();
    client.onTrade('ETHUSDT', { id: 't', time: 0, price: 100, amount: 1, side: 'buy' });
    const r = request({ clientOrderId: 'dup' });
    const first = await client.submit(r);
    const again = await client.submit(r);
    expect(again).toEqual(first);
    client.onTrade('ETHUSDT', { id: 't2', time: 1, price: 100, amount: 1, side: 'buy' });
    expect((await client.submit(r)).status).toBe('filled');
    expect(seen.fills).toHaveLength(1);
    expect(await client.fetchOpenOrders()).toEqual([]);
  });

  it('venue rejections are operational errors; the rejected order stays known', async () => {
    const { client } = paper();
    client.onTrade('ETHUSDT', { id: 't', time: 0, price: 100, amount: 1, side: 'buy' });
    const postOnly = request({ clientOrderId: 'po', type: 'limit', price: px('100'), timeInForce: 'post-only' });
    await expect(client.submit(postOnly)).rejects.toThrow(VenueError);
    await expect(client.submit(postOnly)).rejects.toThrow(/post-only/);
    expect(await client.fetchOrder('ETHUSDT', 'po')).toMatchObject({ status: 'rejected' });
    await expect(client.submit(request({ venue: 'bybit' }))).rejects.toThrow(/venue bybit/);
  });

  it('refuses an order whose margin exceeds the available balance, but never a reducing one', async () => {
    const { client } = paper({}, usd('100'));
    client.onTrade('ETHUSDT', { id: 't', time: 0, price: 100, amount: 1, side: 'buy' });
    await expect(client.submit(request({ clientOrderId: 'big', quantity: qty('1.5') }))).rejects.toThrow(/insufficient available balance/);
    expect(await client.fetchOrder('ETHUSDT', 'big')).toBeUndefined();
    await client.submit(request({ clientOrderId: 'ok', quantity: qty('0.9') }));
    client.onTrade('ETHUSDT', { id: 't2', time: 1, price: 100, amount: 1, side: 'buy' });
    expect((await client.submit(request({ clientOrderId: 'close', side: 'sell', quantity: qty('0.9') }))).status).toBe('open');
  });

  it('cancel and amend through the client; unknown orders and a wrong symbol are errors', async () => {
    const { client } = paper();
    client.onTrade('ETHUSDT', { id: 't', time: 0, price: 100, amount: 1, side: 'buy' });
    await client.submit(request({ clientOrderId: 'r1', type: 'limit', price: px('90') }));
    expect(await client.amend('ETHUSDT', 'r1', { price: px('91') })).toMatchObject({ price: px('91') });
    expect(await client.fetchOpenOrders('ETHUSDT')).toHaveLength(1);
    expect(await client.cancel('ETHUSDT', 'r1')).toMatchObject({ status: 'cancelled' });
    await expect(client.cancel('BTCUSDT', 'r1')).rejects.toThrow(/not known on BTCUSDT/);
    await expect(client.cancel('ETHUSDT', 'nope')).rejects.toThrow(VenueError);
    await expect(client.amend('ETHUSDT', 'nope', { price: px('1') })).rejects.toThrow(VenueError);
  });

  it('unsubscribing stops events; after close nothing is accepted and feeds are ignored', async () => {
    const { client, seen, stop } = paper();
    client.onTrade('ETHUSDT', { id: 't', time: 0, price: 100, amount: 1, side: 'buy' });
    stop();
    await client.submit(request({ clientOrderId: 'quiet' }));
    expect(seen.orders).toEqual([]);
    client.onCandle('DOGEUSDT', bar(0, 1, 1, 1, 1)); // not listed: ignored
    await client.close();
    await expect(client.submit(request())).rejects.toThrow(/closed/);
    client.onTrade('ETHUSDT', { id: 't2', time: 1, price: 100, amount: 1, side: 'buy' });
    expect(await client.fetchPositions()).toEqual([]);
  });

  it('records equity with open PnL at most once per interval', async () => {
    const { clock, client } = paper();
    client.onTrade('ETHUSDT', { id: 't', time: 0, price: 100, amount: 1, side: 'buy' });
    await client.submit(request({ clientOrderId: 'e1' }));
    clock.advanceTo(10);
    client.onTrade('ETHUSDT', { id: 't1', time: 10, price: 100, amount: 1, side: 'buy' });
    clock.advanceTo(MINUTE);
    client.onTrade('ETHUSDT', { id: 't2', time: MINUTE, price: 110, amount: 1, side: 'buy' });
    expect(client.equity()).toBeCloseTo(1010, 9);
    expect(client.portfolio.equityHistory()).toEqual([
      { time: 0, equity: 1000 },
      { time: MINUTE, equity: 1010 },
    ]);
  });
});

describe('SimExecutionClient across restarts', () => {
  it('gives each run its own fill and order ids, and takes instruments added later', async () => {
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      const client = new SimExecutionClient({ instruments: [], clock: new TestClock(0), initialCash: usd('1000') });
      client.addInstrument(ETH_SPOT);
      client.addInstrument(ETH_SPOT);
      client.subscribe({ onFill: (f) => ids.push(f.id, f.venueOrderId ?? '') });
      client.onTrade('ETHUSDT', { id: 't', time: 0, price: 100, amount: 1, side: 'buy' });
      await client.submit(request({ clientOrderId: `run${run}` }));
      client.onTrade('ETHUSDT', { id: 't2', time: 1, price: 100, amount: 1, side: 'buy' });
    }
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/^sim-\w{8}-fill-1$/);
  });
});

describe('SimExecutionClient behind the ExecutionEngine', () => {
  it('the engine passes positions on to a listener that takes them, and asks for none otherwise', async () => {
    const run = async (listener: ExecutionListener) => {
      const clock = new TestClock(0);
      const client = new SimExecutionClient({ instruments: [ETH_SPOT], clock, initialCash: usd('1000'), idPrefix: '' });
      const engine = new ExecutionEngine({ client, journal: new MemoryJournal(), clock, listener });
      await engine.start();
      client.onCandle('ETHUSDT', bar(0, 100, 101, 99, 100));
      const { clientOrderId: _id, createdAt: _at, venue: _venue, ...order } = request();
      await engine.submit({ ...order, key: 'k1', priceScale: ETH_SPOT.priceScale, quantityScale: ETH_SPOT.quantityScale });
      clock.advanceTo(2 * MINUTE);
      client.onCandle('ETHUSDT', bar(1, 100.5, 101, 99, 100));
      engine.stop();
    };
    const positions: Position[] = [];
    const fills: Fill[] = [];
    await run({ onPosition: (p) => positions.push(p), onFill: (f) => fills.push(f) });
    expect(fills).toHaveLength(1);
    // One after the fill, one with the equity recorded at that candle's close.
    expect(positions.map((p) => p.quantity)).toEqual([qty('1'), qty('1')]);
    const onlyFills: Fill[] = [];
    await run({ onFill: (f) => onlyFills.push(f) });
    expect(onlyFills.map((f) => f.price)).toEqual(fills.map((f) => f.price));
  });
});
