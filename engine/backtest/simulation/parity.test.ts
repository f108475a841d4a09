import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../core/clock';
import { unitsFromNumber } from '../../core/money';
import { parseCandleCsv } from '../../data/csv-candles';
import { ExecutionEngine } from '../../execution/execution-engine';
import { MemoryJournal } from '../../execution/memory-journal';
import { SimExecutionClient } from '../../adapters/sim/sim-execution-client';
import { ProposalFactory } from '../../execution/proposal-factory';
import { toColumns, type Candle, type SeriesKey } from '../../model/candle';
import { BTC_PERP } from '../../adapters/sim/test-instruments';
import { MONEY_SCALE, type Fill, type Order } from '../../model/order';
import type { Signal } from '../../model/signal';
import { nextOpenTime } from '../../model/timeframe';
import { sizeOrder } from '../../risk/sizing';
import { SeriesPipeline } from '../../strategy/series-pipeline';
import { BUILTIN_STRATEGIES } from '../../strategy/strategies/builtin-strategies';
import { prepareSlot } from '../../strategy/strategy-slot';
import { generateCandles } from '../../testing/candles';
import { backtestConfigSchema, type BacktestConfig } from '../backtest-config';
import { runKernel } from './backtest-kernel';
import { backtestRisk } from './backtest-risk';
import { simConfigOf } from './sim-config-of';
import { toIntent } from '../../execution/approval-queue';

const HOURLY = fileURLToPath(new URL('../../../../shared/data/candles/binance_BTCUSDT_1h_2017-08-17_2024-04-21.csv', import.meta.url));
const shared = existsSync(HOURLY);
if (!shared) console.warn('skipping backtest = live parity on real candles: ../shared/data is not present');

const series: SeriesKey = { venue: 'sim', symbol: 'BTCUSDT', timeframe: '1h' };
const instrument = BTC_PERP;

/**
 * The live path, bar by bar, as a paper engine runs it: a test clock, the strategy pipeline, each signal through
 * the ProposalFactory and the RiskEngine to the ExecutionEngine (journaled), whose client is the paper venue fed
 * each closed bar. Nothing of the backtest kernel is used.
 */
async function livePath(config: BacktestConfig, bars: readonly Candle[]): Promise<{ orders: Order[]; fills: Fill[] }> {
  const clock = new TestClock(bars[0]!.openTime);
  const client = new SimExecutionClient({ idPrefix: '', instruments: [instrument], clock, venue: series.venue, config: simConfigOf(config), initialCash: unitsFromNumber(config.initialEquity, MONEY_SCALE), leverage: config.maxLeverage, asset: instrument.quote });
  const orders: Order[] = [];
  const fills: Fill[] = [];
  const engine = new ExecutionEngine({ client, journal: new MemoryJournal(), clock, listener: { onOrder: (o) => orders.push(o), onFill: (f) => fills.push(f) } });
  await engine.start();
  const risk = backtestRisk(config, clock);
  const factory = new ProposalFactory({ sizeOrder, sizing: () => ({ sizing: config.sizing, maxLeverage: config.maxLeverage }), takerFeeRate: config.fees.takerBps / 10_000 });
  const definition = BUILTIN_STRATEGIES.find((s) => s.name === config.strategy)!;
  const slot = prepareSlot(definition, series, config.params);
  const pending: Signal[] = [];
  const pipeline = new SeriesPipeline({ series, slots: [slot], historyBars: slot.warmUp + 1, clock, onSignal: (s) => pending.push(s) });
  const portfolio = client.portfolio;
  for (const bar of bars) {
    clock.advanceTo(bar.openTime);
    client.matcher.onBar(instrument.symbol, bar);
    portfolio.mark(instrument.symbol, bar.close);
    clock.advanceTo(nextOpenTime(series.timeframe, bar.openTime));
    pipeline.push(bar);
    for (const signal of pending.splice(0)) {
      if (signal.suppressed) continue;
      const made = factory.create({ signal, instrument, account: { equity: portfolio.equity(), available: portfolio.available(), positionQuantity: portfolio.quantity(instrument.symbol) }, mode: 'paper', now: clock.now(), winRate: 0.55, payoffRatio: 1.2 });
      if (!made.ok) continue;
      const p = made.proposal;
      const request = { clientOrderId: '', venue: series.venue, symbol: p.symbol, side: p.side, type: 'market' as const, quantity: p.quantity, timeInForce: 'GTC' as const, reduceOnly: p.reduceOnly, createdAt: clock.now() };
      const verdict = risk.check(request, { instrument, price: bar.close, equity: portfolio.equity(), position: portfolio.quantity(instrument.symbol), exposure: portfolio.exposure() });
      if (!verdict.ok) continue;
      await engine.submit(toIntent(p));
    }
    risk.onEquity(portfolio.equity(), clock.now());
  }
  engine.stop();
  return { orders, fills };
}

/** What must agree: every order the engine sent (id, side, size, protective levels, final state) and every fill. */
const orderKey = (orders: readonly Order[]) => {
  const last = new Map<string, Order>();
  for (const o of orders) last.set(o.clientOrderId, o);
  return [...last.values()].map((o) => [o.clientOrderId, o.side, o.quantity, o.reduceOnly, o.stopLoss, o.takeProfit, o.status, o.filledQuantity]);
};
const fillKey = (fills: readonly Fill[]) => fills.map((f) => [f.clientOrderId, f.side, f.quantity, f.price, f.fee, f.liquidity, f.time]);

async function compare(bars: readonly Candle[], strategy: string, params: Record<string, number | boolean>) {
  const config = backtestConfigSchema.parse({
    strategy,
    params,
    ...series,
    closeAtEnd: false,
    fees: { makerBps: 2, takerBps: 5.5 },
    slippage: { mode: 'volatility', factor: 0.1 },
    sizing: { mode: 'equity-fraction', fraction: 0.5 },
  });
  const definition = BUILTIN_STRATEGIES.find((s) => s.name === strategy)!;
  const kernel = (orderPath: 'direct' | 'execution-engine') =>
    runKernel({ series, instrument, config, definition, candles: toColumns(bars), tradeStart: 0, recordOrders: true, orderPath });
  const live = await livePath(config, bars);
  const journaled = await kernel('execution-engine');
  const direct = await kernel('direct');
  expect(live.fills.length).toBeGreaterThan(10);
  expect(fillKey(journaled.fills)).toEqual(fillKey(live.fills));
  expect(orderKey(journaled.orders)).toEqual(orderKey(live.orders));
  // The direct path sends the same orders to the venue without the journal: the venue's fills are the same.
  expect(fillKey(direct.fills)).toEqual(fillKey(live.fills));
  const sent = new Set(orderKey(live.orders).map((o) => o[0]));
  expect(orderKey(direct.orders).filter((o) => sent.has(o[0] as string))).toEqual(orderKey(live.orders));
}

describe('backtest = live: the same candles through the live order path and through the backtest kernel', () => {
  it('rsi-reversion on a seeded random walk: identical orders and fills', async () => {
    await compare(generateCandles(3_000, { seed: 77, stepMs: 3_600_000 }), 'rsi-reversion', { rsiPeriod: 7, bbPeriod: 14, lower: 35, upper: 65 });
  });

  it('sma-cross with stops and targets on a seeded random walk', async () => {
    await compare(generateCandles(3_000, { seed: 78, stepMs: 3_600_000 }), 'sma-cross', { fast: 5, slow: 20, stopAtr: 2, targetAtr: 3 });
  });

  it.skipIf(!shared)('trend-follow on real hourly BTC/USDT (needs ../shared/data)', async () => {
    const bars = parseCandleCsv(readFileSync(HOURLY, 'utf8')).candles.slice(30_000, 36_000);
    await compare(bars, 'trend-follow', {});
  });
});
