import type { Clock } from '../../core/clock';
import { errorMessage, StoreError, VenueError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Units } from '../../core/money';
import type { ExecutionClient, ExecutionEvents } from '../../execution/execution-client';
import type { Candle } from '../../model/candle';
import type { Instrument } from '../../model/instrument';
import type { Trade } from '../../model/market';
import type { Balance, Fill, Order, OrderAmendment, OrderRequest, Position } from '../../model/order';
import type { Portfolio } from '../../portfolio/portfolio';
import type { PaperAccountStore, PaperFunding, PaperInstrumentRecord } from './paper-account-store';
import type { SimConfig } from './sim-config';
import type { SimMatcher } from './sim-matcher';
import { createSimVenue } from './sim-venue';

export type SimExecutionClientOptions = {
  readonly instruments: readonly Instrument[];
  readonly clock: Clock;
  /** The paper account's starting cash, MONEY_SCALE units of `asset`. */
  readonly initialCash: Units;
  readonly venue?: string;
  readonly asset?: string;
  readonly leverage?: number;
  readonly config?: SimConfig;
  /** A symbol's trades drive its matching while the last one is at most this old (default 60 s); otherwise its candles do. */
  readonly tradeFeedStaleMs?: number;
  /** Equity is recorded at most this often (default one minute). */
  readonly equityIntervalMs?: number;
  /** Prefix of fill and order ids; a random one per run unless given (a backtest gives a fixed one to stay deterministic). */
  readonly idPrefix?: string;
  /**
   * Where the account lives between runs. With a store the venue comes back as it was (orders, attached
   * stops and targets, positions, cash, fills) and every matching step is written through before anyone
   * hears of it; `initialCash` only opens a new account. Without one it lives in memory.
   */
  readonly store?: PaperAccountStore;
};

/**
 * Paper trading: the sim venue on live data, behind the same ExecutionClient as Bybit. The kernel
 * feeds it closed candles (`onCandle`, one timeframe per symbol: the finest) and, where it has them,
 * live trades (`onTrade`). While a symbol's trade feed is fresh, trades drive its matching — a market
 * order fills at the next trade's price with the configured slippage and fee — and candles only mark
 * the portfolio; without one, orders fill on the next candle by the backtest rules. Everything is
 * answered from its own state; submit is idempotent by clientOrderId. Candles or trades of symbols it
 * does not list are ignored (the kernel feeds every series it has).
 */
export class SimExecutionClient implements ExecutionClient {
  readonly venue: string;
  readonly matcher: SimMatcher;
  readonly portfolio: Portfolio;
  /** The cash the account started with (a stored account's own, not the option's). */
  readonly initialCash: Units;
  private readonly clock: Clock;
  private readonly subscribers = new Set<ExecutionEvents>();
  private readonly fills: Fill[] = [];
  private readonly lastTradeAt = new Map<string, number>();
  private readonly staleMs: number;
  private readonly equityIntervalMs: number;
  private lastEquityAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly store: PaperAccountStore | undefined;
  private readonly restored: readonly PaperInstrumentRecord[];
  /** A matching step in progress (nested calls join it), what it changed, and the events it will deliver once saved. */
  private depth = 0;
  private readonly changedOrders = new Set<string>();
  private readonly changedSymbols = new Set<string>();
  private stepFills: Fill[] = [];
  private stepFunding: PaperFunding[] = [];
  private outbox: (() => void)[] = [];

  constructor(options: SimExecutionClientOptions) {
    this.venue = options.venue ?? 'sim';
    this.clock = options.clock;
    this.staleMs = options.tradeFeedStaleMs ?? 60_000;
    this.equityIntervalMs = options.equityIntervalMs ?? 60_000;
    this.store = options.store;
    const state = this.store?.load(this.venue);
    if (this.store && !state) this.store.create(this.venue, options.asset ?? 'USDT', options.initialCash, options.clock.now());
    this.initialCash = state?.initialCash ?? options.initialCash;
    const { matcher, portfolio } = createSimVenue({
      ...options,
      ...(state ? { initialCash: state.initialCash, asset: state.asset } : {}),
      venue: this.venue,
      // Fill and order ids restart from 1 with each run: a run prefix keeps them unique in the journal.
      idPrefix: options.idPrefix ?? `${newId(options.clock.now()).slice(-8)}-`,
      events: {
        onOrder: (order) => {
          this.changed(order.clientOrderId, order.symbol);
          this.emit((e) => e.onOrder?.(order));
        },
        onFill: (fill) => this.afterFill(fill),
        onFunding: (event) => {
          this.stepFunding.push({ symbol: event.symbol, time: event.time, payment: event.payment });
          this.changedSymbols.add(event.symbol);
          this.emitAccount(event.symbol);
        },
      },
    });
    this.matcher = matcher;
    this.portfolio = portfolio;
    this.restored = state?.instruments ?? [];
    if (state) this.restore(state);
  }

  /** The symbols a stored account listed when it came back, with the market venues that price them. */
  restoredInstruments(): readonly PaperInstrumentRecord[] {
    return this.restored;
  }

  /** Makes a symbol tradable on paper (idempotent), priced by `marketVenue`'s data (the instrument's own venue by default). */
  addInstrument(instrument: Instrument, marketVenue = instrument.venue): void {
    if (this.matcher.instrument(instrument.symbol)) return;
    this.matcher.addInstrument(instrument);
    this.portfolio.addInstrument(instrument);
    this.store?.addInstrument(this.venue, { instrument, marketVenue });
  }

  async submit(request: OrderRequest): Promise<Order> {
    this.assertOpen();
    if (request.venue !== this.venue) throw new VenueError(`order ${request.clientOrderId} is for venue ${request.venue}, not ${this.venue}`);
    const known = this.matcher.order(request.clientOrderId);
    if (!known) this.checkBalance(request);
    const order = known ?? this.step(() => this.matcher.submit(request));
    if (order.status === 'rejected') throw new VenueError(`order ${request.clientOrderId} rejected: ${order.reason ?? 'no reason'}`);
    return order;
  }

  async cancel(symbol: string, clientOrderId: string): Promise<Order> {
    this.assertOpen();
    this.ownOrder(symbol, clientOrderId);
    return this.step(() => this.matcher.cancel(clientOrderId));
  }

  async amend(symbol: string, clientOrderId: string, changes: OrderAmendment): Promise<Order> {
    this.assertOpen();
    this.ownOrder(symbol, clientOrderId);
    return this.step(() => this.matcher.amend(clientOrderId, changes));
  }

  async fetchOrder(symbol: string, clientOrderId: string): Promise<Order | undefined> {
    const order = this.matcher.order(clientOrderId);
    return order && order.symbol === symbol ? order : undefined;
  }

  async fetchOpenOrders(symbol?: string): Promise<readonly Order[]> {
    return this.matcher.openOrders(symbol);
  }

  async fetchFills(since: number, symbol?: string): Promise<readonly Fill[]> {
    return this.fills.filter((f) => f.time >= since && (symbol === undefined || f.symbol === symbol));
  }

  async fetchPositions(): Promise<readonly Position[]> {
    return this.portfolio.positions();
  }

  async fetchBalances(): Promise<readonly Balance[]> {
    return [this.portfolio.balance()];
  }

  subscribe(events: ExecutionEvents): () => void {
    this.subscribers.add(events);
    return () => this.subscribers.delete(events);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
  }

  /** A closed candle of `symbol`. */
  onCandle(symbol: string, candle: Candle): void {
    if (this.closed || !this.knows(symbol)) return;
    const lastTrade = this.lastTradeAt.get(symbol);
    this.step(() => {
      if (lastTrade === undefined || this.clock.now() - lastTrade > this.staleMs) this.matcher.onBar(symbol, candle);
      this.portfolio.mark(symbol, candle.close);
      this.afterMark(symbol);
    });
  }

  /** A live trade of `symbol`. */
  onTrade(symbol: string, trade: Trade): void {
    if (this.closed || !this.knows(symbol)) return;
    this.lastTradeAt.set(symbol, this.clock.now());
    this.step(() => {
      this.matcher.onTrade(symbol, trade.price, trade.amount, trade.time);
      this.portfolio.mark(symbol, trade.price);
      this.afterMark(symbol);
    });
  }

  /** Equity with open PnL at the latest marks (what the risk engine's kill switch watches). */
  equity(): number {
    return this.portfolio.equity();
  }

  /**
   * An order that adds to a position needs its margin (notional / leverage) free, as a venue's
   * insufficient-balance rejection; reducing orders always pass.
   */
  private checkBalance(request: OrderRequest): void {
    const instrument = this.matcher.instrument(request.symbol);
    if (!instrument || request.reduceOnly) return;
    const held = this.portfolio.quantity(request.symbol);
    if (held !== 0n && (request.side === 'buy') === held < 0n && request.quantity <= (held < 0n ? -held : held)) return;
    const priceUnits = request.type === 'limit' || request.type === 'stop-limit' ? request.price : request.type === 'stop-market' ? request.triggerPrice : undefined;
    const price = priceUnits !== undefined && priceUnits > 0n ? Number(priceUnits) / 10 ** instrument.priceScale : this.matcher.lastPrice(request.symbol);
    if (!(price > 0)) return;
    const margin = ((Number(request.quantity) / 10 ** instrument.quantityScale) * price) / this.portfolio.leverage;
    const available = this.portfolio.available();
    if (margin > available) {
      throw new VenueError(`order ${request.clientOrderId} rejected: insufficient available balance (needs ${margin.toFixed(2)}, has ${available.toFixed(2)})`);
    }
  }

  /**
   * Runs one matching step: what it changed is written to the store in one transaction, and only then
   * are its events delivered — the engine never hears of a fill the venue could lose in a crash, and a
   * crash inside a step leaves the previous step's state (the step happens again when matching resumes).
   * A step whose state cannot be written stops the venue: a restart continues from the last saved step.
   */
  private step<T>(work: () => T): T {
    this.depth++;
    let result: T;
    try {
      result = work();
    } finally {
      this.depth--;
    }
    if (this.depth === 0) this.commit();
    return result;
  }

  private commit(): void {
    const outbox = this.outbox;
    this.outbox = [];
    if (this.store && (this.changedOrders.size > 0 || this.stepFills.length > 0 || this.stepFunding.length > 0)) {
      const orders = [...this.changedOrders].flatMap((id) => this.matcher.record(id) ?? []);
      const lastPrices = new Map([...this.changedSymbols].map((symbol) => [symbol, this.matcher.lastPrice(symbol)] as const));
      const changes = { orders, fills: this.stepFills, funding: this.stepFunding, lastPrices };
      this.changedOrders.clear();
      this.changedSymbols.clear();
      this.stepFills = [];
      this.stepFunding = [];
      try {
        this.store.save(this.venue, changes);
      } catch (error) {
        this.closed = true;
        throw new StoreError(`the paper venue stopped: its state could not be saved (${errorMessage(error)}); restart the engine to continue from the last saved state`, { cause: error });
      }
    } else {
      this.changedOrders.clear();
      this.changedSymbols.clear();
      this.stepFills = [];
      this.stepFunding = [];
    }
    for (const deliver of outbox) deliver();
  }

  private changed(clientOrderId: string, symbol: string): void {
    this.changedOrders.add(clientOrderId);
    this.changedSymbols.add(symbol);
  }

  /** A stored account back in the matcher and the portfolio: positions and cash replayed from its fills and funding. */
  private restore(state: NonNullable<ReturnType<PaperAccountStore['load']>>): void {
    for (const { instrument } of state.instruments) {
      this.matcher.addInstrument(instrument);
      this.portfolio.addInstrument(instrument);
    }
    for (const fill of state.fills) this.portfolio.applyFill(fill);
    for (const payment of state.funding) this.portfolio.applyFunding(payment.symbol, payment.payment, payment.time);
    const lastPrices = new Map<string, number>();
    for (const { instrument, lastPrice } of state.instruments) {
      if (lastPrice !== undefined && lastPrice > 0) {
        lastPrices.set(instrument.symbol, lastPrice);
        this.portfolio.mark(instrument.symbol, lastPrice);
      }
    }
    const positions = new Map(state.instruments.map(({ instrument }) => [instrument.symbol, this.portfolio.quantity(instrument.symbol)] as const));
    this.matcher.restore({ orders: state.orders, positions, lastPrices });
    this.fills.push(...state.fills);
  }

  private afterFill(fill: Fill): void {
    this.stepFills.push(fill);
    this.changed(fill.clientOrderId, fill.symbol);
    this.fills.push(fill);
    this.emit((e) => e.onFill?.(fill));
    this.emitAccount(fill.symbol);
  }

  /**
   * The position and balance after a fill, funding or mark, for the subscribers that listen to them. Built only when
   * one does: each costs decimal conversions, per fill, and an engine that only journals orders (a backtest's
   * journaled path) reads neither.
   */
  private emitAccount(symbol: string): void {
    let positions = false;
    let balances = false;
    for (const events of this.subscribers) {
      if (events.onPosition) positions = true;
      if (events.onBalance) balances = true;
    }
    if (positions) {
      const position = this.portfolio.position(symbol);
      this.emit((e) => e.onPosition?.(position));
    }
    if (balances) {
      const balance = this.portfolio.balance();
      this.emit((e) => e.onBalance?.(balance));
    }
  }

  private afterMark(symbol: string): void {
    const now = this.clock.now();
    if (now - this.lastEquityAt >= this.equityIntervalMs) {
      this.lastEquityAt = now;
      this.portfolio.recordEquity(now);
      if (this.portfolio.quantity(symbol) !== 0n) this.emitAccount(symbol);
    }
  }

  /** Inside a step, events wait for the step to be saved; values are taken now, so each event says what was true then. */
  private emit(deliver: (events: ExecutionEvents) => void): void {
    const send = (): void => {
      for (const events of this.subscribers) deliver(events);
    };
    if (this.depth > 0) this.outbox.push(send);
    else send();
  }

  private knows(symbol: string): boolean {
    return this.matcher.instrument(symbol) !== undefined;
  }

  private ownOrder(symbol: string, clientOrderId: string): void {
    const order = this.matcher.order(clientOrderId);
    if (!order || order.symbol !== symbol) throw new VenueError(`order ${clientOrderId} is not known on ${symbol}`);
  }

  private assertOpen(): void {
    if (this.closed) throw new VenueError('the sim venue is closed');
  }
}
