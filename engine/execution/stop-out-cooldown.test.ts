import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimExecutionClient } from '../adapters/sim/sim-execution-client';
import { ETH_SPOT } from '../adapters/sim/test-instruments';
import type { BybitExecutionClient } from '../adapters/bybit/bybit-execution-client';
import { LiveClock, TestClock } from '../core/clock';
import { RiskEngine } from '../risk/risk-engine';
import { BTC, startBybitFixture } from '../testing/bybit-execution-fixture';
import type { BybitEmulator } from '../testing/bybit-emulator/bybit-emulator';
import { eventually } from '../testing/eventually';
import { clientOrderIdFor, ExecutionEngine, type OrderIntent } from './execution-engine';
import { intent, px, usd } from './execution-test-kit';
import { MemoryJournal } from './memory-journal';
import { RiskControl } from './risk-control';

const SCALES = { priceScale: 1, quantityScale: 3 } as const;
const btc = (key: string, over: Partial<OrderIntent> = {}): OrderIntent => ({ key, symbol: BTC, side: 'buy', type: 'market', quantity: 1_000n, timeInForce: 'GTC', reduceOnly: false, ...SCALES, ...over });

/**
 * The stop-out cooldown counts exits the same way on both venues, from the Order and Fill fields: a
 * close by a reduce-only triggered order at a loss is a stop-out; a take-profit (also a reduce-only
 * trigger order, closing at a gain) or any other exit resets the count.
 */
describe('stop-outs for the cooldown, venue-neutral', () => {
  describe('on Bybit (the emulator): the venue\'s own StopLoss order and a conditional reduce-only stop', () => {
    let emulator: BybitEmulator;
    let client: BybitExecutionClient;
    let stop: () => Promise<void>;
    let engine: ExecutionEngine;
    const risk = new RiskEngine({ clock: new LiveClock(), limits: { stopOutCooldownCount: 2, stopOutCooldownMinutes: 30 } });
    const control = new RiskControl(risk);
    const journal = new MemoryJournal();

    beforeAll(async () => {
      // Flat at 60,000, down to 59,000, up to 61,000, down to 59,000 and 58,000: one minute a close.
      ({ emulator, client, stop } = await startBybitFixture({ closes: [60_000, 60_000, 60_000, 59_000, 59_000, 61_000, 61_000, 59_000, 59_000, 58_000, 58_000, 58_000] }));
      engine = new ExecutionEngine({ client, journal, clock: new LiveClock(), scalesOf: () => SCALES, listener: { onFill: (fill, order) => control.onFill(fill, order) } });
      await engine.start();
      await eventually(() => emulator.privateStreams.subscriberCount('execution') === 1);
    });
    afterAll(async () => {
      engine.stop();
      await stop();
    });

    const minutes = (n: number): void => {
      for (let i = 0; i < n * 60; i++) emulator.market.advanceBy(1_000);
    };
    const flat = async (): Promise<void> => eventually(async () => expect((await client.fetchPositions()).filter((p) => p.quantity !== 0n)).toEqual([]));

    it('counts the StopLoss and the conditional stop, not the take-profit between them', async () => {
      // 1. Long at 60,000 with a stop-loss at 59,500: the venue closes it with its own StopLoss order, at a loss.
      await engine.submit(btc('a', { stopLoss: 595_000n }));
      minutes(4);
      await flat();
      const closer = emulator.account.allOrders().find((o) => o.createType === 'CreateByStopLoss')!;
      await eventually(() => expect(journal.order(`bybit:${closer.orderId}`)?.status).toBe('filled'));
      expect(journal.order(`bybit:${closer.orderId}`)).toMatchObject({ type: 'stop-market', reduceOnly: true });
      expect(risk.usage().cooldownUntil).toBeUndefined();

      // 2. Long at 59,000 with a take-profit at 60,500: a reduce-only trigger order too, but closing at a gain — the count resets.
      await engine.submit(btc('b', { takeProfit: 605_000n }));
      minutes(2);
      await flat();
      await eventually(() => expect(emulator.account.allOrders().some((o) => o.createType === 'CreateByTakeProfit' && o.status === 'Filled')).toBe(true));
      expect(risk.usage().cooldownUntil).toBeUndefined();

      // 3. Long at 61,000 with a stop-loss at 60,000: one stop-out after the reset, still no cooldown.
      await engine.submit(btc('c', { stopLoss: 600_000n }));
      minutes(2);
      await flat();
      await eventually(() => expect(emulator.account.allOrders().filter((o) => o.createType === 'CreateByStopLoss' && o.status === 'Filled')).toHaveLength(2));
      // Three venue-created closers (two stop-losses, one take-profit), each possibly in several fills as it walks the book.
      await eventually(() => expect(new Set(journal.fills({ limit: 100 }).filter((f) => f.clientOrderId.startsWith('bybit:')).map((f) => f.clientOrderId)).size).toBe(3));
      expect(risk.usage().cooldownUntil).toBeUndefined();

      // 4. Long at 59,000 closed by a conditional reduce-only stop at 58,500: the second stop-out in a row starts the cooldown.
      await engine.submit(btc('d'));
      await engine.submit(btc('d-stop', { side: 'sell', type: 'stop-market', triggerPrice: 585_000n, reduceOnly: true }));
      minutes(3);
      await flat();
      await eventually(() => expect(journal.order(clientOrderIdFor('d-stop'))?.status).toBe('filled'));
      await eventually(() => expect(risk.usage().cooldownUntil).toBeGreaterThan(Date.now()));
    });
  });

  it('on the paper venue: the attached stop-loss counts and the take-profit does not', async () => {
    const clock = new TestClock(1_700_000_000_000);
    const paper = new SimExecutionClient({ instruments: [ETH_SPOT], clock, initialCash: usd('100000') });
    const risk = new RiskEngine({ clock, limits: { stopOutCooldownCount: 1, stopOutCooldownMinutes: 30 } });
    const control = new RiskControl(risk);
    const engine = new ExecutionEngine({ client: paper, journal: new MemoryJournal(), clock, sleep: () => Promise.resolve(), scalesOf: () => ETH_SPOT, listener: { onFill: (fill, order) => control.onFill(fill, order) } });
    let id = 0;
    const trade = (price: number): void => {
      clock.advanceBy(1_000);
      paper.onTrade('ETHUSDT', { id: String(++id), time: clock.now(), price, amount: 1, side: 'sell' });
    };
    trade(2_000);
    await engine.start();
    await engine.submit(intent('tp', { takeProfit: px('2100'), stopLoss: px('1900') }));
    trade(2_000);
    trade(2_150);
    expect(paper.portfolio.quantity('ETHUSDT')).toBe(0n);
    expect(risk.usage().cooldownUntil).toBeUndefined();
    await engine.submit(intent('sl', { takeProfit: px('2300'), stopLoss: px('2100') }));
    trade(2_150);
    trade(2_050);
    expect(paper.portfolio.quantity('ETHUSDT')).toBe(0n);
    expect(risk.usage().cooldownUntil).toBe(clock.now() + 30 * 60_000);
    engine.stop();
  });
});
