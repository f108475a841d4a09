import { TestClock } from '../../core/clock';
import { unitsFromNumber } from '../../core/money';
import { Atr } from '../../indicators/atr';
import { candleAt, type Candle, type CandleColumns, type FrozenCandles, type SeriesKey } from '../../model/candle';
import type { Instrument } from '../../model/instrument';
import { MONEY_SCALE, type Fill, type Order } from '../../model/order';
import type { RegimeLabel } from '../../model/regime';
import type { Signal } from '../../model/signal';
import { nextOpenTime } from '../../model/timeframe';
import type { RegimeTracker } from '../../regime/regime-tracker';
import type { StrategyError } from '../../core/errors';
import { SeriesPipeline, type ContextProviders, type ModulationFor } from '../../strategy/series-pipeline';
import { prepareSlot } from '../../strategy/strategy-slot';
import type { StrategyDefinition } from '../../strategy/strategy-api';
import type { BacktestConfig } from '../backtest-config';
import type { BacktestTrade } from '../backtest-types';
import { CancelledError } from '../backtest-jobs';
import { approvalPolicy } from './approval-policy';
import { TradeLedger } from './trade-ledger';
import { OrderRouter, type RouterCounts } from './order-router';
import { backtestRisk } from './backtest-risk';
import { ExecutionEngine } from '../../execution/execution-engine';
import { MemoryJournal } from '../../execution/memory-journal';
import { SimExecutionClient } from '../../adapters/sim/sim-execution-client';
import { createSimVenue } from '../../adapters/sim/sim-venue';
import { ProposalFactory } from '../../execution/proposal-factory';
import { sizeOrder } from '../../risk/sizing';
import { simConfigOf, type CostStress } from './sim-config-of';

export type KernelInput = {
  readonly series: SeriesKey;
  readonly instrument: Instrument;
  readonly config: BacktestConfig;
  readonly definition: StrategyDefinition;
  /** Closed bars in time order: warm-up bars first, then the tested ones from `tradeStart`. */
  readonly candles: CandleColumns;
  /**
   * The same bars as frozen candles, made once when the data was loaded (`frozenCandles`, kept in the
   * EvalContext): the strategy gets these instead of a candle built and frozen per bar, per run.
   */
  readonly bars?: FrozenCandles;
  readonly tradeStart: number;
  /** The first bar fed to the strategy (warm-up) and the end of the test (exclusive); all of `candles` by default. */
  readonly feedFrom?: number;
  readonly end?: number;
  readonly regime?: RegimeTracker;
  readonly modulationFor?: ModulationFor;
  readonly context?: ContextProviders;
  readonly stress?: CostStress;
  readonly abort?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** Keep every order and fill (parity tests); off in sweeps. */
  readonly recordOrders?: boolean;
  /**
   * `direct` (default): orders go from the risk check straight to the sim venue. `execution-engine`: through the
   * ExecutionEngine with an in-memory journal, as live orders do; the same orders and fills, at the cost of the
   * journal (the parity test runs both).
   */
  readonly orderPath?: 'direct' | 'execution-engine';
  /**
   * The strategy's signals and regimes of an earlier run over the same bars with the same parameters. A strategy
   * never sees orders, so its signals do not depend on costs: a stressed re-run (other fees or slippage) takes
   * them from here instead of running the pipeline again.
   */
  readonly replay?: RecordedSignals;
  /**
   * Keep the signals by bar (`recorded`) for such a re-run: the optimiser's first run of a set does. Off by
   * default: a plain backtest would only hold every signal until it ends.
   */
  readonly recordSignals?: boolean;
};

/** Signals by bar index and the regime after each tested bar, as a run produced them. */
export type RecordedSignals = { readonly byIndex: ReadonlyMap<number, readonly Signal[]>; readonly regimes: readonly (RegimeLabel | undefined)[] };

/** A finished run with everything metrics, fitness and the result view are made from. */
export type KernelRun = {
  readonly bars: number;
  /** Per tested bar: its close time, the equity marked at its close, the regime after it. */
  readonly times: Float64Array;
  readonly equity: Float64Array;
  readonly regimes: (RegimeLabel | undefined)[];
  readonly exposedBars: number;
  readonly startEquity: number;
  readonly firstOpen: number;
  readonly lastClose: number;
  readonly startTime: number;
  /** Open time of the last tested bar. */
  readonly lastOpen: number;
  readonly trades: readonly BacktestTrade[];
  readonly fees: number;
  readonly counts: RouterCounts;
  readonly signals: number;
  readonly errors: readonly StrategyError[];
  readonly orders: readonly Order[];
  readonly fills: readonly Fill[];
  /** What the pipeline said, for a re-run under other costs: with `recordSignals` (or the replay it ran from). */
  readonly recorded?: RecordedSignals;
};

const PROGRESS_EVERY = 16_384;

/**
 * The backtest kernel: the live strategy pipeline (the same wrapper, regime tracker, modulation and signal ids)
 * fed stored bars by a test clock, and the live order path behind it — ProposalFactory, the simulated approval,
 * RiskEngine, ExecutionEngine with an in-memory journal, and the paper client's sim venue and portfolio. Per bar:
 * the venue matches resting orders against the bar, the clock moves to the bar's close, the pipeline runs (its
 * signals become proposals and orders), equity is marked at the close and handed to the risk engine.
 */
export async function runKernel(input: KernelInput): Promise<KernelRun> {
  const { series, instrument, config, candles, tradeStart } = input;
  const total = input.end ?? candles.openTime.length;
  const replay = input.replay;
  // A replayed run needs no warm-up: its signals are known already.
  const feedFrom = replay ? tradeStart : (input.feedFrom ?? 0);
  if (tradeStart >= total || feedFrom > tradeStart) throw new RangeError(`no bars to test between ${tradeStart} and ${total}`);
  const bars = input.bars;
  if (bars && bars.length !== candles.openTime.length) throw new RangeError(`${bars.length} frozen bars for ${candles.openTime.length} bars of columns`);
  const clock = new TestClock(candles.openTime[feedFrom]!);
  const startEquity = config.initialEquity;
  const startCash = unitsFromNumber(startEquity, MONEY_SCALE);
  const ledger = new TradeLedger(instrument);
  const orders: Order[] = [];
  const fills: Fill[] = [];
  let endOfTest = false;
  const venueOptions = {
    instruments: [instrument],
    clock,
    venue: series.venue,
    config: simConfigOf(config, input.stress),
    initialCash: startCash,
    leverage: config.maxLeverage,
    asset: instrument.quote,
  };
  const risk = backtestRisk(config, clock);
  const onFill = (fill: Fill): void => {
    const before = ledger.trades.length;
    const id = fill.clientOrderId;
    const reason = endOfTest ? 'end-of-test' : id.endsWith(':sl') ? 'stop' : id.endsWith(':tp') ? 'target' : 'signal';
    ledger.applyFill(fill, reason, router.entryRegime(id));
    if (ledger.trades.length > before) {
      router.recordTrade(ledger.trades.at(-1)!.pnl);
      risk.recordExit(reason === 'stop' ? 'stop' : 'other', clock.now());
    }
    if (input.recordOrders) fills.push(fill);
  };
  const onOrder = input.recordOrders ? (order: Order): void => void orders.push(order) : undefined;
  // Journaled: the paper client behind the execution engine, as paper trading runs. Direct: the same sim venue and
  // portfolio without the client's bookkeeping for reconciliation (and without order views nobody reads).
  const paper = input.orderPath === 'execution-engine' ? new SimExecutionClient({ ...venueOptions, idPrefix: '' }) : undefined;
  const engine = paper ? new ExecutionEngine({ client: paper, journal: new MemoryJournal(), clock, sleep: () => Promise.resolve(), listener: { onOrder, onFill } }) : undefined;
  const client = paper ?? { venue: series.venue, ...createSimVenue({
      ...venueOptions,
      // Nothing asks the direct path's venue about a finished order, and every id is sent once.
      forgetFinished: true,
      events: { onFill: (fill) => onFill(fill), onFunding: (event) => ledger.applyFunding(event.payment), ...(onOrder ? { onOrder: (order) => onOrder(order) } : {}) },
    }) };
  const router: OrderRouter = new OrderRouter({
    ...(engine ? { engine } : {}),
    client,
    risk,
    proposals: new ProposalFactory({
      sizeOrder,
      sizing: () => ({ sizing: config.sizing, maxLeverage: config.maxLeverage }),
      takerFeeRate: config.fees.takerBps / 10_000,
    }),
    instrument,
    clock,
    approve: approvalPolicy(config.approval),
  });
  await engine?.start();
  const matcher = client.matcher;
  const portfolio = client.portfolio;

  const slot = prepareSlot(input.definition, series, config.params);
  const errors: StrategyError[] = [];
  let signals = 0;
  // Signals of the bar being pushed, handled after the push (the loop's own variables stay out of closures).
  const pending: Signal[] = [];
  const atr = config.sizing.mode === 'volatility-target' ? new Atr(14) : undefined;
  let atrValue: number | undefined;
  const pipeline = new SeriesPipeline({
    series,
    slots: [slot],
    historyBars: Math.max(slot.warmUp + 1, 2),
    clock,
    regime: input.regime,
    modulationFor: input.modulationFor,
    context: input.context,
    onSignal: (signal: Signal) => void pending.push(signal),
    onStrategyError: (_slot, error) => errors.push(error),
  });

  const n = total - tradeStart;
  const times = new Float64Array(n);
  const equity = new Float64Array(n);
  const regimes: (RegimeLabel | undefined)[] = new Array<RegimeLabel | undefined>(n);
  let exposedBars = 0;
  const { timeframe } = series;
  // Every timeframe but the calendar month has a fixed length: the close is open + step, without a lookup per bar.
  const step = timeframe === '1M' ? 0 : nextOpenTime(timeframe, 0);
  const symbol = instrument.symbol;
  const inFlight = router.inFlight;
  const tracked = input.regime !== undefined;
  const byIndex = input.recordSignals ? new Map<number, readonly Signal[]>() : undefined;
  let bar: Candle = bars ? bars[feedFrom]! : candleAt(candles, feedFrom);
  for (let index = feedFrom; index < total; index++) {
    bar = bars ? bars[index]! : candleAt(candles, index);
    const close = step > 0 ? bar.openTime + step : nextOpenTime(timeframe, bar.openTime);
    const trading = index >= tradeStart;
    if (trading) {
      clock.advanceTo(bar.openTime);
      matcher.onBar(symbol, bar);
      portfolio.mark(symbol, bar.close);
    }
    if (atr) atrValue = atr.update(bar);
    clock.advanceTo(close);
    if (replay) {
      const known = replay.byIndex.get(index);
      if (known) for (let s = 0; s < known.length; s++) router.onSignal(known[s]!, index, atrValue);
    } else {
      if (bars) pipeline.pushFrozen(bars, index);
      else pipeline.push(bar);
      if (pending.length > 0) {
        signals += pending.length;
        // Warm-up is silent, as it is live: the strategy settles, nothing is traded.
        if (trading) {
          byIndex?.set(index, pending.slice());
          for (let s = 0; s < pending.length; s++) router.onSignal(pending[s]!, index, atrValue);
        }
        pending.length = 0;
      }
    }
    if (!trading) continue;
    router.onBarClosed(index);
    // The venue answered synchronously; the engine reads the answers in microtasks, before the next bar.
    if (inFlight.length > 0) await Promise.all(inFlight.splice(0));
    const k = index - tradeStart;
    const e = portfolio.equity();
    times[k] = close;
    equity[k] = e;
    risk.onEquity(e, close);
    if (replay) regimes[k] = replay.regimes[k];
    else if (tracked) regimes[k] = pipeline.regime?.regime;
    if (ledger.positionSize !== 0) exposedBars += 1;
    if ((k & (PROGRESS_EVERY - 1)) === PROGRESS_EVERY - 1) {
      input.onProgress?.(k + 1, n);
      if (input.abort?.aborted) throw new CancelledError('backtest');
    }
  }
  slot.strategy.stop();

  const last = bar;
  const lastClose = nextOpenTime(timeframe, last.openTime);
  router.dropWaiting();
  if (config.closeAtEnd && ledger.position !== 0n) {
    // Closed at the last close through the venue, as a taker with slippage and fee.
    endOfTest = true;
    matcher.cancelAll(symbol, 'end of the test');
    matcher.closePosition(symbol, `end-${lastClose}`);
    portfolio.mark(symbol, last.close);
    equity[n - 1] = portfolio.equity();
  }
  await Promise.all(inFlight.splice(0));
  engine?.stop();
  input.onProgress?.(n, n);
  return {
    bars: n,
    times,
    equity,
    regimes,
    exposedBars,
    startEquity,
    firstOpen: candles.open[tradeStart]!,
    lastClose: last.close,
    startTime: candles.openTime[tradeStart]!,
    lastOpen: last.openTime,
    trades: ledger.tradesWithOpen(last.close, lastClose),
    fees: Number(ledger.fees) / 10 ** MONEY_SCALE,
    counts: router.counts,
    signals,
    errors,
    orders,
    fills,
    recorded: replay ?? (byIndex ? { byIndex, regimes } : undefined),
  };
}
