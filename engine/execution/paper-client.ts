import { createSimVenue, type SimVenueOptions } from '../adapters/sim/sim-venue';
import type { SimMatcher } from '../adapters/sim/sim-matcher';
import { newId } from '../core/ids';
import type { Instrument } from '../model/instrument';
import type { Fill, Order, OrderAmendment, OrderRequest } from '../model/order';
import type { Portfolio } from '../portfolio/portfolio';
import type { ExecutionClient, ExecutionEvents } from './execution-client';

/**
 * The paper venue as an ExecutionClient: the sim matcher (the backtests' fill model) and the portfolio it
 * feeds, driven by live prices through `onPrice`. It keeps its executions so reconciliation can ask for
 * fills since a time, like any venue. Answers are immediate (resolved promises); a refusal is a
 * `rejected` order, as a venue would answer.
 */
export class PaperClient implements ExecutionClient {
  readonly venue: string;
  readonly matcher: SimMatcher;
  readonly portfolio: Portfolio;
  private readonly listeners = new Set<ExecutionEvents>();
  private readonly fillLog: Fill[] = [];
  private readonly session: string;

  constructor(options: Omit<SimVenueOptions, 'events'>) {
    this.session = newId(options.clock.now()).slice(-8);
    const { matcher, portfolio } = createSimVenue({
      ...options,
      events: {
        onOrder: (order) => this.each((l) => l.onOrder?.(order)),
        onFill: (simFill) => {
          // The matcher numbers fills from 1 each run; the session prefix keeps them unique in the journal across restarts.
          const fill = { ...simFill, id: `${this.session}-${simFill.id}` };
          this.fillLog.push(fill);
          this.each((l) => l.onFill?.(fill));
          this.each((l) => l.onPosition?.(portfolio.position(fill.symbol)));
          this.each((l) => l.onBalance?.(portfolio.balance()));
        },
      },
    });
    this.venue = matcher.venue;
    this.matcher = matcher;
    this.portfolio = portfolio;
  }

  /** Makes a symbol tradable on paper (idempotent). */
  addInstrument(instrument: Instrument): void {
    this.matcher.addInstrument(instrument);
    this.portfolio.addInstrument(instrument);
  }

  /** A live price (a trade or a candle update): resting and waiting orders match against it; the portfolio is marked. */
  onPrice(symbol: string, price: number, amount: number, time: number): void {
    if (!this.matcher.instruments().some((i) => i.symbol === symbol)) return;
    this.portfolio.mark(symbol, price);
    this.matcher.onTrade(symbol, price, amount, time);
  }

  submit(request: OrderRequest): Promise<Order> {
    return attempt(() => this.matcher.submit(request));
  }

  cancel(_symbol: string, clientOrderId: string): Promise<Order> {
    return attempt(() => this.matcher.cancel(clientOrderId));
  }

  amend(_symbol: string, clientOrderId: string, changes: OrderAmendment): Promise<Order> {
    return attempt(() => this.matcher.amend(clientOrderId, changes));
  }

  fetchOrder(_symbol: string, clientOrderId: string): Promise<Order | undefined> {
    return Promise.resolve(this.matcher.order(clientOrderId));
  }

  fetchOpenOrders(symbol?: string): Promise<readonly Order[]> {
    return Promise.resolve(this.matcher.openOrders(symbol));
  }

  fetchFills(since: number, symbol?: string): Promise<readonly Fill[]> {
    return Promise.resolve(this.fillLog.filter((f) => f.time >= since && (symbol === undefined || f.symbol === symbol)));
  }

  fetchPositions() {
    return Promise.resolve(this.portfolio.positions());
  }

  fetchBalances() {
    return Promise.resolve([this.portfolio.balance()]);
  }

  subscribe(events: ExecutionEvents): () => void {
    this.listeners.add(events);
    return () => this.listeners.delete(events);
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }

  private each(deliver: (listener: ExecutionEvents) => void): void {
    for (const listener of this.listeners) deliver(listener);
  }
}

function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
}
