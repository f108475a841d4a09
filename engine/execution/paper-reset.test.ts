import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import type { Engine } from '../kernel/create-engine';
import { tradingProfile } from '../testing/trading-profile';
import type { Candle } from '../model/candle';
import type { Signal } from '../model/signal';
import { eventually } from '../testing/eventually';
import { connectInProcess } from '../testing/in-process-api';
import type { PaperResetView } from './execution-views';
import { SqliteJournal } from './sqlite-journal';

const MINUTE = 60_000;
const t0 = Date.UTC(2026, 0, 5);
const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const bar = (i: number, open: number, close = open): Candle => ({ openTime: t0 + i * MINUTE, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 10 });
const trader = { kind: 'trader', via: 'cli' } as const;
const units = (amount: number): bigint => BigInt(amount) * 10n ** 8n;

/** A paper reset through the API on a real profile file: what a fresh start clears, what stays on record, and what it refuses. */
describe('trading.resetPaper', () => {
  let clock: TestClock;
  let profile: ReturnType<typeof tradingProfile>;
  beforeEach(() => {
    clock = new TestClock(t0);
    profile = tradingProfile(clock, { log: () => undefined });
  });
  afterEach(() => profile.close());

  const start = (): Promise<Engine> => profile.start();

  let minute = 0;
  const candle = (engine: Engine, open: number, close = open): void => {
    minute++;
    clock.advanceTo(t0 + (minute + 1) * MINUTE);
    engine.candles.append(series, [bar(minute, open, close)]);
  };

  const signal = (id: string, price: number): Signal => ({ id, strategy: 'test', venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m', time: clock.now(), price, receivedAt: clock.now(), direction: 'long', strength: 0.9, stop: price * 0.96, target: price * 1.1, rationale: 'test entry' });

  /** A long filled on paper with its stop and target resting, a proposal to close it waiting, and a few equity points. */
  const tradedAccount = async (engine: Engine): Promise<{ entry: string; waiting: string }> => {
    minute = 0;
    candle(engine, 50_000);
    const proposal = await engine.trading.queue.onSignal(signal('sig-1', 50_000));
    const approved = await engine.trading.queue.approve(proposal!.id, trader);
    candle(engine, 50_000, 51_000);
    for (let i = 0; i < 3; i++) {
      candle(engine, 51_000 + i * 100);
      engine.trading.tick();
    }
    // A proposal to close it, still waiting for the trader.
    const { stop: _stop, target: _target, ...exit } = signal('sig-2', 51_300);
    const waiting = await engine.trading.queue.onSignal({ ...exit, direction: 'flat' });
    return { entry: approved.clientOrderId!, waiting: waiting!.id };
  };

  const count = (engine: Engine, sql: string): number => (engine.db.prepare(sql).get() as { n: number }).n;

  it('starts the account afresh with the given balance, cancels its orders through the venue, and keeps the journal and an archive of the old account', async () => {
    const engine = await start();
    const { entry, waiting } = await tradedAccount(engine);
    const paper = engine.trading.paper;
    expect(paper.portfolio.quantity('BTCUSDT')).toBeGreaterThan(0n);
    expect((await paper.fetchOpenOrders()).map((o) => o.clientOrderId).sort()).toEqual([`${entry}:sl`, `${entry}:tp`]);
    const equityBefore = paper.portfolio.equity();
    const fillsBefore = count(engine, "SELECT COUNT(*) AS n FROM paper_fills WHERE venue = 'sim'");
    const pointsBefore = count(engine, "SELECT (SELECT COUNT(*) FROM equity_points WHERE venue = 'sim') + (SELECT COUNT(*) FROM equity_daily WHERE venue = 'sim') AS n");
    expect(fillsBefore).toBe(1);
    expect(pointsBefore).toBeGreaterThan(0);

    const api = connectInProcess(engine);
    api.session.receive({ type: 'subscribe', streams: { 'paper.reset': null, 'portfolio.updated': null } });
    const answer = await api.call('trading.resetPaper', { balance: 25_000 });
    expect(answer.error).toBeUndefined();
    const view = answer.result as PaperResetView;
    expect(view).toMatchObject({
      venue: 'sim',
      currency: 'USDT',
      initialCash: '25000.00000000',
      previousInitialCash: '10000.00000000',
      positionsClosed: 1,
      ordersCancelled: 2,
      proposalsExpired: 1,
      archive: { fills: 1, fundingPayments: 0, equityPoints: pointsBefore },
      riskState: 'ACTIVE',
    });
    expect(Number(view.previousEquity)).toBeCloseTo(equityBefore, 2);

    // The fresh account: cash only, nothing resting, an empty curve, and the risk engine measuring from it.
    const fresh = engine.trading.paper;
    expect(fresh.portfolio.quantity('BTCUSDT')).toBe(0n);
    expect(fresh.portfolio.cash()).toBe(units(25_000));
    expect(await fresh.fetchOpenOrders()).toEqual([]);
    expect(engine.trading.portfolioView()).toMatchObject({ equity: '25000.00000000', realizedPnl: '0.00000000', positions: [] });
    expect(engine.trading.paperAccount.equityHistory()).toEqual([]);
    expect(engine.trading.riskView().usage).toMatchObject({ equity: '25000.00', drawdown: 0, dailyPnl: 0 });
    expect(count(engine, "SELECT COUNT(*) AS n FROM paper_fills WHERE venue = 'sim'")).toBe(0);
    expect(count(engine, "SELECT (SELECT COUNT(*) FROM equity_points WHERE venue = 'sim') + (SELECT COUNT(*) FROM equity_daily WHERE venue = 'sim') AS n")).toBe(0);

    // What happened before stays on record: the journal's orders (cancelled, not left open), its fill, the proposal, the audit entry, the archive.
    const journal = new SqliteJournal(engine.db);
    expect(journal.order(entry)?.status).toBe('filled');
    expect(journal.order(`${entry}:sl`)?.status).toBe('cancelled');
    expect(journal.order(`${entry}:tp`)?.status).toBe('cancelled');
    expect(journal.fills({ venue: 'sim', limit: 10 })).toHaveLength(1);
    expect(engine.trading.queue.get(waiting).status).toBe('expired');
    expect(engine.trading.queue.auditLog({ limit: 5 }).find((e) => e.action === 'paper-reset')?.detail).toMatch(/reset to 25000\.00000000 USDT/);
    expect(count(engine, `SELECT COUNT(*) AS n FROM paper_fills_archive WHERE reset_id = ${view.archive!.resetId}`)).toBe(1);
    expect(engine.db.prepare('SELECT initial_cash, positions_closed, orders_cancelled, actor FROM paper_resets').all()).toEqual([
      { initial_cash: units(25_000).toString(), positions_closed: 1, orders_cancelled: 2, actor: expect.stringContaining('"kind":"trader"') },
    ]);

    // Open windows hear of it: the reset, then the fresh portfolio.
    await eventually(() => {
      const streams = api.messages.flatMap((m) => (m.type === 'event' ? [m.stream] : []));
      expect(streams).toContain('paper.reset');
      expect(streams.lastIndexOf('portfolio.updated')).toBeGreaterThan(streams.indexOf('paper.reset'));
      return true;
    });

    // The fresh account trades, and comes back as it is after a restart.
    const next = await engine.trading.queue.onSignal(signal('sig-3', 51_300));
    await engine.trading.queue.approve(next!.id, trader);
    candle(engine, 51_300);
    const quantity = engine.trading.paper.portfolio.quantity('BTCUSDT');
    expect(quantity).toBeGreaterThan(0n);
    const cash = engine.trading.paper.portfolio.cash();
    await engine.kernel.stop();
    const again = await start();
    expect(again.trading.paper.portfolio.quantity('BTCUSDT')).toBe(quantity);
    expect(again.trading.paper.portfolio.cash()).toBe(cash);
    expect(again.trading.paper.initialCash).toBe(units(25_000));
  });

  it('starts from the configured starting cash without a balance', async () => {
    const engine = await start();
    await tradedAccount(engine);
    const answer = await connectInProcess(engine).call('trading.resetPaper', {});
    expect(answer.result).toMatchObject({ initialCash: '10000.00000000', positionsClosed: 1 });
    expect(engine.trading.paper.portfolio.cash()).toBe(units(10_000));
  });

  it('refuses bad parameters with a clear error and changes nothing', async () => {
    const engine = await start();
    const { entry } = await tradedAccount(engine);
    const api = connectInProcess(engine);
    const quantity = engine.trading.paper.portfolio.quantity('BTCUSDT');
    const refusals: [unknown, RegExp][] = [
      [{ balance: 0 }, /at least 1/],
      [{ balance: -5 }, /at least 1/],
      [{ balance: 2_000_000_000 }, /at most 1,000,000,000/],
      [{ balance: 100.005 }, /two decimals/],
      [{ balance: '5000' }, /number/],
      [{ balance: 5_000, confirm: true }, /confirm/],
    ];
    for (const [params, message] of refusals) {
      const answer = await api.call('trading.resetPaper', params);
      expect(answer.error?.type, JSON.stringify(params)).toBe('ValidationError');
      expect(answer.error?.message).toMatch(message);
    }
    expect(engine.trading.paper.portfolio.quantity('BTCUSDT')).toBe(quantity);
    expect(new SqliteJournal(engine.db).order(`${entry}:sl`)?.status).toBe('open');
    expect(count(engine, 'SELECT COUNT(*) AS n FROM paper_resets')).toBe(0);
  });

  it('a reset the store cannot write leaves the old account as it was, trading on', async () => {
    const engine = await start();
    await tradedAccount(engine);
    const quantity = engine.trading.paper.portfolio.quantity('BTCUSDT');
    const cash = engine.trading.paper.portfolio.cash();
    engine.db.exec("CREATE TRIGGER no_resets BEFORE INSERT ON paper_resets BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const answer = await connectInProcess(engine).call('trading.resetPaper', { balance: 500 });
    expect(answer.error).toMatchObject({ type: 'StoreError', message: expect.stringMatching(/^the paper account was not reset and is kept as it was \(its 2 resting order\(s\) were cancelled\): disk full/) });
    engine.db.exec('DROP TRIGGER no_resets');
    expect(engine.trading.paper.portfolio.quantity('BTCUSDT')).toBe(quantity);
    expect(engine.trading.paper.portfolio.cash()).toBe(cash);
    expect(count(engine, "SELECT COUNT(*) AS n FROM paper_fills WHERE venue = 'sim'")).toBe(1);
    // Still trading: the next bar marks the restored account.
    candle(engine, 52_000);
    expect(engine.trading.portfolioView().positions).toHaveLength(1);
  });

  it('refuses while an approved proposal is still on its way to the paper venue', async () => {
    const engine = await start();
    minute = 0;
    candle(engine, 50_000);
    const proposal = await engine.trading.queue.onSignal(signal('sig-1', 50_000));
    // The approval journals the order and sends it; the reset asked in between finds it on its way.
    const approving = engine.trading.queue.approve(proposal!.id, trader);
    const answer = await connectInProcess(engine).call('trading.resetPaper', {});
    await approving;
    expect(answer.error).toMatchObject({ type: 'ValidationError', message: expect.stringMatching(/on its way/) });
    expect(count(engine, 'SELECT COUNT(*) AS n FROM paper_resets')).toBe(0);
  });
});
