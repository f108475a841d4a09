import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../core/clock';
import { parseUnits } from '../../core/money';
import { MONEY_SCALE, type OrderRequest } from '../../model/order';
import { openDatabase } from '../../store/database';
import { PaperAccountRepository } from '../../store/repositories/paper-account-repository';
import { tempDir } from '../../testing/temp-dir';
import { SimExecutionClient } from './sim-execution-client';
import { ETH_SPOT } from './test-instruments';

const px = (p: string) => parseUnits(p, ETH_SPOT.priceScale);
const qty = (q: string) => parseUnits(q, ETH_SPOT.quantityScale);
const HOUR = 3_600_000;

/** The paper venue on a real SQLite file: everything a short position, resting orders and funding leave behind comes back. */
describe('SimExecutionClient with a PaperAccountStore', () => {
  const dir = tempDir();
  afterEach(() => dir.remove());

  it('restores a short position, its funding, a resting stop and a resting limit exactly, and they still trade', () => {
    const path = join(dir.path, 'stratus.db');
    const clock = new TestClock(Date.UTC(2026, 0, 5, 1));
    const config = { takerFeeBps: 5.5, makerFeeBps: 2, funding: { rate: 0.0001 } };
    const open = () => {
      const db = openDatabase({ path });
      const client = new SimExecutionClient({ instruments: [], clock, initialCash: parseUnits('10000', MONEY_SCALE), config, store: new PaperAccountRepository(db) });
      return { db, client };
    };
    let id = 0;
    const trade = (client: SimExecutionClient, price: number): void => {
      clock.advanceBy(1_000);
      client.onTrade('ETHUSDT', { id: String(++id), time: clock.now(), price, amount: 1, side: 'buy' });
    };
    const order = (key: string, over: Partial<OrderRequest>): OrderRequest => ({ clientOrderId: key, venue: 'sim', symbol: 'ETHUSDT', side: 'buy', type: 'market', quantity: qty('1'), timeInForce: 'GTC', reduceOnly: false, createdAt: clock.now(), ...over });

    const first = open();
    first.client.addInstrument(ETH_SPOT, 'binance');
    trade(first.client, 2_000);
    void first.client.submit(order('short', { side: 'sell' }));
    trade(first.client, 1_990);
    void first.client.submit(order('stop', { type: 'stop-market', triggerPrice: px('2100') }));
    void first.client.submit(order('limit', { type: 'limit', price: px('1900'), quantity: qty('0.5') }));
    clock.advanceBy(8 * HOUR);
    trade(first.client, 1_995); // a funding time passed with the short open: it receives funding
    const before = first.client.portfolio;
    expect(before.quantity('ETHUSDT')).toBe(-qty('1'));
    expect(before.funding()).toBeLessThan(0n);
    const openBefore = first.client.matcher.openOrders();
    first.db.close();

    const second = open();
    const after = second.client.portfolio;
    expect(second.client.restoredInstruments().map((r) => [r.instrument.symbol, r.marketVenue, r.lastPrice])).toEqual([['ETHUSDT', 'binance', 1_995]]);
    expect(after.quantity('ETHUSDT')).toBe(-qty('1'));
    expect(after.cash()).toBe(before.cash());
    expect(after.fees()).toBe(before.fees());
    expect(after.funding()).toBe(before.funding());
    expect(after.position('ETHUSDT')).toMatchObject({ entryPrice: before.position('ETHUSDT').entryPrice, realizedPnl: before.position('ETHUSDT').realizedPnl });
    expect(second.client.matcher.openOrders()).toEqual(openBefore);
    // The buy stop above the market still waits for a rise; the limit below it for a fall.
    trade(second.client, 2_050);
    expect(after.quantity('ETHUSDT')).toBe(-qty('1'));
    trade(second.client, 2_101);
    expect(after.quantity('ETHUSDT')).toBe(0n);
    trade(second.client, 1_899);
    expect(after.quantity('ETHUSDT')).toBe(qty('0.5'));
    second.db.close();

    // And once more: the fills of the second run are there too, ids unique across runs.
    const third = open();
    expect(third.client.portfolio.quantity('ETHUSDT')).toBe(qty('0.5'));
    expect(third.client.portfolio.cash()).toBe(after.cash());
    const ids = (third.db.prepare('SELECT id FROM paper_fills ORDER BY seq').all() as { id: string }[]).map((r) => r.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    third.db.close();
  });
});
