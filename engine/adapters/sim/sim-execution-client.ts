import type { Clock } from '../../core/clock';
import { VenueError } from '../../core/errors';
import type { Units } from '../../core/money';
import type { ExecutionClient, ExecutionEvents } from '../../execution/execution-client';
import type { Candle } from '../../model/candle';
import type { Instrument } from '../../model/instrument';
import type { Trade } from '../../model/market';
import type { Balance, Fill, Order, OrderAmendment, OrderRequest, Position } from '../../model/order';
import { Portfolio } from '../../portfolio/portfolio';
import type { SimConfig } from './sim-config';
import { SimMatcher } from './sim-matcher';

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
  private readonly clock: Clock;
  private readonly subscribers = new Set<ExecutionEvents>();
  private readonly fills: Fill[] = [];
  private readonly lastTradeAt = new Map<string, number>();
  private readonly staleMs: number;
  private readonly equityIntervalMs: number;
  private lastEquityAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(options: SimExecutionClientOptions) {
    this.venue = options.venue ?? 'sim';
    this.clock = options.clock;
    this.staleMs = options.tradeFeedStaleMs ?? 60_000;
    this.equityIntervalMs = options.equityIntervalMs ?? 60_000;
    this.portfolio = new Portfolio({
      instruments: options.instruments,
      initialCash: options.initialCash,
      venue: this.venue,
      clock: options.clock,
      ...(options.leverage !== undefined ? { leverage: options.leverage } : {}),
      ...(options.asset !== undefined ? { asset: options.asset } : {}),
    });
    this.matcher = new SimMatcher({
      instruments: options.instruments,
      clock: options.clock,
      venue: this.venue,
      ...(options.config ? { config: options.config } : {}),
      accounting: this.portfolio,
      events: {
        onOrder: (order) => this.emit((e) => e.onOrder?.(order)),
        onFill: (fill) => this.afterFill(fill),
        onFunding: (event) => this.emitAccount(event.symbol),
      },
    });
  }

  async submit(request: OrderRequest): Promise<Order> {
    this.assertOpen();
    if (request.venue !== this.venue) throw new VenueError(`order ${request.clientOrderId} is for venue ${request.venue}, not ${this.venue}`);
    const known = this.matcher.order(request.clientOrderId);
    if (!known) this.checkBalance(request);
    const order = known ?? this.matcher.submit(request);
    if (order.status === 'rejected') throw new VenueError(`order ${request.clientOrderId} rejected: ${order.reason ?? 'no reason'}`);
    return order;
  }

  async cancel(symbol: string, clientOrderId: string): Promise<Order> {
    this.assertOpen();
    this.ownOrder(symbol, clientOrderId);
    return this.matcher.cancel(clientOrderId);
  }

  async amend(symbol: string, clientOrderId: string, changes: OrderAmendment): Promise<Order> {
    this.assertOpen();
    this.ownOrder(symbol, clientOrderId);
    return this.matcher.amend(clientOrderId, changes);
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
    if (lastTrade === undefined || this.clock.now() - lastTrade > this.staleMs) this.matcher.onBar(symbol, candle);
    this.portfolio.mark(symbol, candle.close);
    this.afterMark(symbol);
  }

  /** A live trade of `symbol`. */
  onTrade(symbol: string, trade: Trade): void {
    if (this.closed || !this.knows(symbol)) return;
    this.lastTradeAt.set(symbol, this.clock.now());
    this.matcher.onTrade(symbol, trade.price, trade.amount, trade.time);
    this.portfolio.mark(symbol, trade.price);
    this.afterMark(symbol);
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

  private afterFill(fill: Fill): void {
    this.fills.push(fill);
    this.emit((e) => e.onFill?.(fill));
    this.emitAccount(fill.symbol);
  }

  private emitAccount(symbol: string): void {
    const position = this.portfolio.position(symbol);
    const balance = this.portfolio.balance();
    this.emit((e) => e.onPosition?.(position));
    this.emit((e) => e.onBalance?.(balance));
  }

  private afterMark(symbol: string): void {
    const now = this.clock.now();
    if (now - this.lastEquityAt >= this.equityIntervalMs) {
      this.lastEquityAt = now;
      this.portfolio.recordEquity(now);
      if (this.portfolio.quantity(symbol) !== 0n) this.emitAccount(symbol);
    }
  }

  private emit(deliver: (events: ExecutionEvents) => void): void {
    for (const events of this.subscribers) deliver(events);
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
