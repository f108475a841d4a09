import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import type { Engine } from '../kernel/create-engine';
import { tradingProfile } from '../testing/trading-profile';
import type { Candle } from '../model/candle';
import type { Signal } from '../model/signal';
import { SqliteJournal } from './sqlite-journal';

const MINUTE = 60_000;
const t0 = Date.UTC(2026, 0, 5);
const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const bar = (i: number, open: number, close = open, low = Math.min(open, close)): Candle => ({ openTime: t0 + i * MINUTE, open, high: Math.max(open, close), low, close, volume: 10 });
const trader = { kind: 'trader', via: 'cli' } as const;

/**
 * The paper account across restarts of the whole engine (a new createEngine on the same file): an
 * approved proposal fills on paper with its stop-loss and take-profit resting; after a clean stop or a
 * crash at the meaningful points, the position, the cash and the resting orders are back and the
 * journal agrees with the paper venue.
 */
describe('the paper account survives a restart', () => {
  let clock: TestClock;
  let profile: ReturnType<typeof tradingProfile>;
  beforeEach(() => {
    clock = new TestClock(t0);
    profile = tradingProfile(clock);
  });
  afterEach(() => profile.close());

  const start = (): Promise<Engine> => profile.start();

  const candle = (engine: Engine, i: number, open: number, close = open, low?: number): void => {
    clock.advanceTo(Math.max(clock.now(), t0 + (i + 1) * MINUTE));
    engine.candles.append(series, [bar(i, open, close, low)]);
  };

  /** A long proposal at 50,000 with a stop at 48,000 and a target at 55,000, approved by the trader. */
  const approveLong = async (engine: Engine): Promise<string> => {
    candle(engine, 0, 50_000);
    const signal: Signal = { id: 'sig-1', strategy: 'test', venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m', time: t0, price: 50_000, receivedAt: clock.now(), direction: 'long', strength: 0.9, stop: 48_000, target: 55_000, rationale: 'test entry' };
    const proposal = await engine.trading.queue.onSignal(signal);
    if (!proposal) throw new Error('no proposal');
    const approved = await engine.trading.queue.approve(proposal.id, trader);
    if (!approved.clientOrderId) throw new Error('no order');
    return approved.clientOrderId;
  };

  const reconcileEventsSince = (engine: Engine, at: number): string[] =>
    (engine.db.prepare("SELECT detail FROM order_events WHERE kind = 'reconcile' AND venue = 'sim' AND at >= ?").all(at) as { detail: string }[]).map((r) => r.detail);

  const openOrderIds = async (engine: Engine): Promise<string[]> => (await engine.trading.paper.fetchOpenOrders('BTCUSDT')).map((o) => o.clientOrderId).sort();

  it('after a clean stop: position, cash and the attached stop-loss and take-profit are back, reconciliation finds nothing to correct, the stop still works', async () => {
    const first = await start();
    const id = await approveLong(first);
    candle(first, 1, 50_010);
    const paper = first.trading.paper;
    const quantity = paper.portfolio.quantity('BTCUSDT');
    expect(quantity).toBeGreaterThan(0n);
    const cash = paper.portfolio.cash();
    expect(cash).toBeLessThan(10_000n * 10n ** 8n); // the entry's fee
    expect(await openOrderIds(first)).toEqual([`${id}:sl`, `${id}:tp`]);
    await first.kernel.stop();

    clock.advanceBy(10 * MINUTE);
    const restartedAt = clock.now();
    const second = await start();
    const again = second.trading.paper;
    expect(again.portfolio.quantity('BTCUSDT')).toBe(quantity);
    expect(again.portfolio.cash()).toBe(cash);
    expect(again.portfolio.position('BTCUSDT').entryPrice).toBe(paper.portfolio.position('BTCUSDT').entryPrice);
    expect(await openOrderIds(second)).toEqual([`${id}:sl`, `${id}:tp`]);
    expect(reconcileEventsSince(second, restartedAt)).toEqual([]);
    const journal = new SqliteJournal(second.db);
    expect(journal.order(`${id}:sl`)?.status).toBe('open');

    // The restored stop fires on the next bar that reaches it; the target goes with the position.
    candle(second, 12, 49_000, 47_500, 47_000);
    expect(again.portfolio.quantity('BTCUSDT')).toBe(0n);
    expect(journal.order(`${id}:sl`)?.status).toBe('filled');
    expect(journal.order(`${id}:tp`)?.status).toBe('cancelled');
    expect(journal.fills({ venue: 'sim', limit: 10 })).toHaveLength(2);
  });

  it('a crash after the paper venue filled an order but before the journal recorded the fill: the restart finds the fill at the venue and records it once', async () => {
    const first = await start();
    const id = await approveLong(first);
    // The journal cannot record fills from here on, as if the process died as the fill arrived.
    first.db.exec("CREATE TRIGGER crash_before_journal BEFORE INSERT ON fills BEGIN SELECT RAISE(ABORT, 'crashed'); END");
    candle(first, 1, 50_010);
    const quantity = first.trading.paper.portfolio.quantity('BTCUSDT');
    expect(quantity).toBeGreaterThan(0n);
    expect(new SqliteJournal(first.db).fills({ venue: 'sim', limit: 10 })).toHaveLength(0);
    first.db.exec('DROP TRIGGER crash_before_journal');

    // No clean stop: a second engine opens the same file, taking over the lock the dead process left.
    first.profileLock.release();
    const restartedAt = clock.now();
    const second = await start();
    const journal = new SqliteJournal(second.db);
    expect(second.trading.paper.portfolio.quantity('BTCUSDT')).toBe(quantity);
    expect(journal.fills({ venue: 'sim', limit: 10 })).toHaveLength(1);
    expect(journal.order(id)?.status).toBe('filled');
    expect(reconcileEventsSince(second, restartedAt).filter((d) => d.startsWith('fill: missed execution'))).toHaveLength(1);
    expect(await openOrderIds(second)).toEqual([`${id}:sl`, `${id}:tp`]);
  });

  it('a crash inside the paper venue\'s step (the fill written, its attached orders not yet): nothing of the step is kept, and the order fills once when matching resumes', async () => {
    const first = await start();
    const id = await approveLong(first);
    // The step's transaction fails at the fill row, after the order rows: SQLite keeps none of it.
    first.db.exec("CREATE TRIGGER crash_in_step BEFORE INSERT ON paper_fills BEGIN SELECT RAISE(ABORT, 'crashed'); END");
    candle(first, 1, 50_010);
    first.db.exec('DROP TRIGGER crash_in_step');
    // The venue stopped rather than run on with a state it could not save; the engine never heard of the fill.
    await expect(first.trading.paper.submit({ clientOrderId: 'x', venue: 'sim', symbol: 'BTCUSDT', side: 'buy', type: 'market', quantity: 1n, timeInForce: 'GTC', reduceOnly: false, createdAt: clock.now() })).rejects.toThrow(/closed/);
    expect(new SqliteJournal(first.db).order(id)?.status).toBe('open');

    // The process died here: its lock goes with it.
    first.profileLock.release();
    const restartedAt = clock.now();
    const second = await start();
    const journal = new SqliteJournal(second.db);
    expect(second.trading.paper.portfolio.quantity('BTCUSDT')).toBe(0n);
    expect(await openOrderIds(second)).toEqual([id]);
    expect(reconcileEventsSince(second, restartedAt)).toEqual([]);
    candle(second, 2, 50_020);
    expect(second.trading.paper.portfolio.quantity('BTCUSDT')).toBeGreaterThan(0n);
    expect(journal.order(id)?.status).toBe('filled');
    expect(journal.fills({ venue: 'sim', limit: 10 })).toHaveLength(1);
    expect(await openOrderIds(second)).toEqual([`${id}:sl`, `${id}:tp`]);
  });
});
