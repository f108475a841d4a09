import { afterEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../core/errors';
import { BTC, orderRequest, startBybitFixture } from '../../testing/bybit-execution-fixture';

const INSTRUMENTS = '/v5/market/instruments-info';

/**
 * The instrument list is the first thing every call of the client needs. ccxt keeps its first market
 * load, failed or not, for every later call: one slow answer to that load (the client's timeout is
 * 600 ms here) once failed every call of the client after it.
 */
describe('BybitExecutionClient: loading the instrument list', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('a timed-out first load is tried again: the first order goes through', async () => {
    const { emulator, client, stop } = await startBybitFixture();
    stops.push(stop);
    emulator.faults.failNext(1, { kind: 'delay', ms: 1_500 }, INSTRUMENTS);
    const order = await client.submit(orderRequest({ type: 'market', price: undefined, quantity: 1_000n }));
    expect(await client.fetchOrder(BTC, order.clientOrderId)).toMatchObject({ status: 'filled', filledQuantity: 1_000n });
  });

  it('a load that keeps failing fails that call, clearly, and the next call loads again instead of failing the same way for ever', async () => {
    const { emulator, client, stop } = await startBybitFixture();
    stops.push(stop);
    emulator.faults.failNext(1_000, { kind: 'reject', retCode: 10016, retMsg: 'Server error' }, INSTRUMENTS);
    const failed = client.submit(orderRequest({ type: 'market', price: undefined, quantity: 1_000n }));
    await expect(failed).rejects.toBeInstanceOf(TransientError);
    await expect(failed).rejects.toThrow(/10016|Server error/);
    expect(emulator.account.allOrders()).toHaveLength(0);
    const tries = emulator.requests(INSTRUMENTS).length;
    emulator.faults.clear();

    const order = await client.submit(orderRequest({ type: 'market', price: undefined, quantity: 1_000n }));
    expect(await client.fetchOrder(BTC, order.clientOrderId)).toMatchObject({ status: 'filled' });
    expect(emulator.requests(INSTRUMENTS).length).toBeGreaterThan(tries);
    expect(emulator.account.allOrders()).toHaveLength(1);
  });
});
