import type { Clock } from '../../core/clock';
import { VenueError } from '../../core/errors';
import { divRound, mulUnits, type Units } from '../../core/money';
import type { Candle } from '../../model/candle';
import type { Instrument } from '../../model/instrument';
import { MONEY_SCALE, type Fill, type Liquidity, type Order, type OrderAmendment, type OrderRequest } from '../../model/order';
import { resolveSimConfig, type ResolvedSimConfig } from './sim-config';
import { feeFor, priceUnits, slippageBps, slipped } from './sim-costs';
import { amendmentFields, crosses, marketProblem, newBook, refreshBounds, simInstrument, unknownInstrument } from './sim-book';
import type { SimAccountingSink, SimMatcherEvents, SimMatcherOptions } from './sim-matcher-types';
import { matchKind, requestOf, requestProblem, snapshot, toPrice, type SimBook, type SimOrderRecord, type SimOrderRole, type SimWorkingOrder } from './sim-order';

export type { SimAccountingSink, SimFundingEvent, SimMatcherEvents, SimMatcherOptions } from './sim-matcher-types';

const NO_FILLS: readonly Fill[] = Object.freeze([]);
const PHASE_OPEN = 0;
const PHASE_STOPS = 1;
const PHASE_LIMITS = 2;

/**
 * The sim venue's matching engine, shared by backtests and paper trading. Synchronous and
 * deterministic: no promises, time only from the Clock and the bars. Feed it closed bars with `onBar`
 * (or live trades with `onTrade`); it fills resting orders by the rules of docs/sim-and-risk.md:
 *
 * - within a bar: first everything that trades at the OPEN (market orders, and any order whose limit,
 *   stop or target the open has already passed — a gap fills at the open: worse for stops, better for
 *   limits and targets), then stops inside the bar, then limits and targets inside the bar. So when a
 *   stop and a target both lie inside one bar, the stop fills first (conservative) and the target is
 *   cancelled with the position;
 * - a bar with no open order costs a map lookup and a few comparisons; bigint work happens only at a fill.
 */
export class SimMatcher {
  readonly venue: string;
  private readonly config: ResolvedSimConfig;
  private readonly clock: Clock;
  private readonly events: SimMatcherEvents;
  private readonly accounting: SimAccountingSink | undefined;
  private readonly exhaustive: boolean;
  private readonly forgetFinished: boolean;
  private readonly idPrefix: string;
  private readonly books = new Map<string, SimBook>();
  private readonly orders = new Map<string, SimWorkingOrder>();
  private orderSeq = 0;
  private fillSeq = 0;
  private fills: Fill[] | null = null;
  /** The bar being matched (undefined between bars), its phase, fill time, and the bar that scales slippage. */
  private bar: Candle | undefined = undefined;
  private phase = PHASE_OPEN;
  private time = 0;
  private slipBar: Candle | undefined = undefined;

  constructor(options: SimMatcherOptions) {
    this.venue = options.venue ?? 'sim';
    this.config = resolveSimConfig(options.config);
    this.clock = options.clock;
    this.events = options.events ?? {};
    this.accounting = options.accounting;
    this.exhaustive = options.exhaustive ?? false;
    this.forgetFinished = options.forgetFinished ?? false;
    this.idPrefix = `${this.venue}-${options.idPrefix ?? ''}`;
    for (const instrument of options.instruments) this.addInstrument(instrument);
  }

  addInstrument(instrument: Instrument): void {
    if (!this.books.has(instrument.symbol)) this.books.set(instrument.symbol, newBook(simInstrument(instrument)));
  }

  /**
   * Accepts an order. Idempotent by clientOrderId: a known id returns that order unchanged. A request
   * the venue refuses comes back `rejected` with a reason (and is remembered under its id).
   * With `marketFill: 'signal-close'`, a market order (and a limit that crosses) fills at once at the
   * last bar's close.
   */
  submit(request: OrderRequest): Order {
    const known = this.orders.get(request.clientOrderId);
    if (known) return snapshot(known);
    const book = this.books.get(request.symbol);
    const o = this.createWorking(request, book ?? newBook(simInstrument(unknownInstrument(this.venue, request.symbol))), 'order');
    const problem = requestProblem(request, book?.sim) ?? (book ? marketProblem(request, book) : null);
    if (problem || !book) {
      o.status = 'rejected';
      o.live = false;
      o.reason = problem ?? 'unknown symbol';
      this.emitOrder(o);
      return snapshot(o);
    }
    if (o.kind === 'limit') o.takerLimit = crosses(o, book.lastPrice);
    book.active.push(o);
    book.boundsStale = true;
    this.emitOrder(o);
    if (this.config.marketFill === 'signal-close' && book.lastBar && (o.kind === 'market' || (o.kind === 'limit' && o.takerLimit))) {
      // Fills at the close of the bar the order was sent on; a crossing limit never pays more than its limit.
      const fills = this.fills;
      this.slipBar = book.lastBar;
      this.executeTaker(o, book.lastBar.close, this.clock.now(), o.kind === 'limit' ? o.request.price : undefined);
      this.fills = fills;
      this.compact(book);
    }
    return snapshot(this.orders.get(request.clientOrderId) ?? o);
  }

  /** Cancels an open order; cancelling a cancelled order answers it again; a filled or rejected one is an error. */
  cancel(clientOrderId: string, reason = 'cancelled'): Order {
    const o = this.orders.get(clientOrderId);
    if (!o) throw new VenueError(`order ${clientOrderId} is not known to the sim venue`);
    if (o.status === 'cancelled') return snapshot(o);
    if (!o.live) throw new VenueError(`order ${clientOrderId} cannot be cancelled: it is ${o.status}`);
    this.close(o, 'cancelled', reason);
    this.compact(o.book);
    return snapshot(o);
  }

  /**
   * Changes a resting order. On an entry that already filled, stopLoss / takeProfit move (or create)
   * its attached orders. A change the venue would refuse throws and leaves the order as it was.
   */
  amend(clientOrderId: string, changes: OrderAmendment): Order {
    const o = this.orders.get(clientOrderId);
    if (!o) throw new VenueError(`order ${clientOrderId} is not known to the sim venue`);
    const { sim } = o.book;
    if (o.status === 'filled' && o.role === 'order' && changes.quantity === undefined && changes.price === undefined && changes.triggerPrice === undefined) {
      if (changes.stopLoss !== undefined) this.moveChild(o, 'stop-loss', changes.stopLoss);
      if (changes.takeProfit !== undefined) this.moveChild(o, 'take-profit', changes.takeProfit);
      o.request = { ...o.request, ...amendmentFields(changes) };
      return snapshot(o);
    }
    if (!o.live) throw new VenueError(`order ${clientOrderId} cannot be amended: it is ${o.status}`);
    const next: OrderRequest = { ...o.request, ...amendmentFields(changes) };
    const problem = requestProblem(next, sim);
    if (problem) throw new VenueError(`amendment refused: ${problem}`);
    if (next.quantity <= o.filledQuantity) throw new VenueError('amendment refused: quantity must exceed what has already filled');
    if (next.timeInForce === 'post-only' && crosses({ ...o, limit: toPrice(next.price, sim) }, o.book.lastPrice)) {
      throw new VenueError('amendment refused: the post-only price would cross the market');
    }
    o.request = next;
    o.limit = toPrice(next.price, sim);
    o.book.boundsStale = true;
    o.trigger = toPrice(next.triggerPrice, sim);
    o.updatedAt = this.clock.now();
    this.emitOrder(o);
    return snapshot(o);
  }

  /**
   * Closes the whole position of `symbol` now, at the last price (a backtest's end, a kill switch):
   * a reduce-only market order filled at once as a taker with the configured slippage and fee.
   * Undefined when flat or when no price was seen yet.
   */
  closePosition(symbol: string, clientOrderId: string): Order | undefined {
    const book = this.books.get(symbol);
    if (!book) throw new VenueError(`unknown symbol ${symbol}`);
    const known = this.orders.get(clientOrderId);
    if (known) return snapshot(known);
    if (book.position === 0n || Number.isNaN(book.lastPrice)) return undefined;
    const now = this.clock.now();
    const request: OrderRequest = {
      clientOrderId,
      venue: this.venue,
      symbol,
      side: book.position > 0n ? 'sell' : 'buy',
      type: 'market',
      quantity: book.position > 0n ? book.position : -book.position,
      timeInForce: 'IOC',
      reduceOnly: true,
      createdAt: now,
    };
    const o = this.createWorking(request, book, 'order');
    book.active.push(o);
    book.boundsStale = true;
    this.emitOrder(o);
    const fills = this.fills;
    this.slipBar = book.lastBar;
    this.executeTaker(o, book.lastPrice, now);
    this.fills = fills;
    this.compact(book);
    return snapshot(o);
  }

  /** Cancels every open order of `symbol` (or of all symbols); returns what it cancelled. */
  cancelAll(symbol?: string, reason = 'cancelled'): Order[] {
    const out: Order[] = [];
    for (const book of this.books.values()) {
      if (symbol !== undefined && book.sim.instrument.symbol !== symbol) continue;
      for (const o of book.active) {
        if (!o.live) continue;
        this.close(o, 'cancelled', reason);
        out.push(snapshot(o));
      }
      this.compact(book);
    }
    return out;
  }

  /** Feeds one closed bar of `symbol`; returns the fills it caused (a shared empty array when none). */
  onBar(symbol: string, bar: Candle): readonly Fill[] {
    const book = this.books.get(symbol);
    if (!book) throw new VenueError(`unknown symbol ${symbol}`);
    book.event++;
    if (this.config.funding && !(bar.openTime < book.nextFunding)) this.fund(book, bar.openTime, bar.open);
    if (book.active.length > 0 && this.reachable(book, bar.high, bar.low)) this.match(book, bar, false, bar.openTime);
    book.lastBar = bar;
    book.lastPrice = bar.close;
    return this.takeFills();
  }

  /**
   * Feeds one live trade (paper trading): pending market orders fill at its price with the same
   * slippage and fees; stops and targets it reaches fill at its price; a resting limit it reaches fills
   * at the limit. The last closed bar stands in for volatility and volume in scaled slippage.
   */
  onTrade(symbol: string, price: number, amount: number, time: number): readonly Fill[] {
    const book = this.books.get(symbol);
    if (!book) throw new VenueError(`unknown symbol ${symbol}`);
    if (!(price > 0) || !Number.isFinite(price)) throw new VenueError(`trade price ${price} is not a positive number`);
    book.event++;
    if (this.config.funding && !(time < book.nextFunding)) this.fund(book, time, price);
    if (book.active.length > 0 && this.reachable(book, price, price)) this.match(book, { openTime: time, open: price, high: price, low: price, close: price, volume: amount }, true, time);
    book.lastPrice = price;
    return this.takeFills();
  }

  order(clientOrderId: string): Order | undefined {
    const o = this.orders.get(clientOrderId);
    return o ? snapshot(o) : undefined;
  }

  openOrders(symbol?: string): Order[] {
    const out: Order[] = [];
    for (const book of this.books.values()) {
      if (symbol !== undefined && book.sim.instrument.symbol !== symbol) continue;
      for (const o of book.active) if (o.live) out.push(snapshot(o));
    }
    return out;
  }

  /** Net position the venue holds for `symbol` (quantity units; negative short). */
  position(symbol: string): Units {
    return this.books.get(symbol)?.position ?? 0n;
  }

  lastPrice(symbol: string): number {
    return this.books.get(symbol)?.lastPrice ?? Number.NaN;
  }

  instrument(symbol: string): Instrument | undefined {
    return this.books.get(symbol)?.sim.instrument;
  }

  instruments(): Instrument[] {
    return [...this.books.values()].map((b) => b.sim.instrument);
  }

  /** The order with its matching state, for the paper venue's store (not used by backtests). */
  record(clientOrderId: string): SimOrderRecord | undefined {
    const o = this.orders.get(clientOrderId);
    if (!o) return undefined;
    return {
      order: snapshot(o),
      role: o.role,
      ...(o.parentId !== undefined ? { parentId: o.parentId } : {}),
      kind: o.kind,
      triggerAbove: o.triggerAbove,
      takerLimit: o.takerLimit,
      live: o.live,
    };
  }

  /**
   * Brings back a paper venue's state after a restart, before any bar: every order it knew (live ones
   * rest again, in the order given), each symbol's net position and last price. Symbols must be added first.
   */
  restore(state: { readonly orders: readonly SimOrderRecord[]; readonly positions: ReadonlyMap<string, Units>; readonly lastPrices: ReadonlyMap<string, number> }): void {
    for (const [symbol, quantity] of state.positions) this.restoredBook(symbol).position = quantity;
    for (const [symbol, price] of state.lastPrices) if (price > 0) this.restoredBook(symbol).lastPrice = price;
    for (const record of state.orders) {
      const { order } = record;
      const book = this.restoredBook(order.symbol);
      const o = this.createWorking(requestOf(order), book, record.role, record.parentId);
      Object.assign(o, {
        venueOrderId: order.venueOrderId ?? o.venueOrderId,
        kind: record.kind,
        status: order.status,
        live: record.live,
        filledQuantity: order.filledQuantity,
        averagePrice: order.averagePrice,
        reason: order.reason,
        updatedAt: order.updatedAt,
        triggerAbove: record.triggerAbove,
        takerLimit: record.takerLimit,
      } satisfies Partial<SimWorkingOrder>);
      if (o.live) {
        book.active.push(o);
        book.boundsStale = true;
      }
    }
  }

  private restoredBook(symbol: string): SimBook {
    const book = this.books.get(symbol);
    if (!book) throw new VenueError(`cannot restore ${symbol}: the sim venue does not list it`);
    return book;
  }

  /** Whether a bar from `low` to `high` can fire any live order of the book (the per-bar skip). */
  private reachable(book: SimBook, high: number, low: number): boolean {
    if (book.boundsStale) refreshBounds(book);
    return book.eager || this.exhaustive || !(high < book.upper && low > book.lower);
  }

  private match(book: SimBook, bar: Candle, tick: boolean, time: number): void {
    const list = book.active;
    this.bar = bar;
    this.time = time;
    this.slipBar = tick ? (book.lastBar ?? bar) : bar;
    for (let phase = PHASE_OPEN; phase <= PHASE_LIMITS; phase++) {
      this.phase = phase;
      for (let i = 0; i < list.length; i++) {
        const o = list[i]!;
        if (o.live && o.armedAfter < book.event) this.evaluate(o, bar, phase, tick, time);
      }
    }
    for (let i = 0; i < list.length; i++) {
      const o = list[i]!;
      // Immediate-or-cancel and fill-or-kill get one event to fill (no partial fills in the sim).
      if (o.once && o.live && o.armedAfter < book.event) this.close(o, 'expired', `${o.request.timeInForce}: not filled on the first ${tick ? 'trade' : 'bar'}`);
    }
    this.phase = PHASE_OPEN;
    this.bar = undefined;
    if (book.dirty) this.compact(book);
  }

  private evaluate(o: SimWorkingOrder, bar: Candle, phase: number, tick: boolean, time: number): void {
    switch (o.kind) {
      case 'market':
        if (phase === PHASE_OPEN) this.executeTaker(o, bar.open, time);
        return;
      case 'limit': {
        const touch = this.config.touchFills;
        const L = o.limit;
        if (phase === PHASE_OPEN) {
          const through = o.buy ? bar.open < L || (touch && bar.open <= L) : bar.open > L || (touch && bar.open >= L);
          if (!through) return;
          // A gap through a resting limit fills at the open (better); on a trade tick at the limit.
          const at = tick ? o.request.price! : better(o, priceUnits(bar.open, o.book.sim.instrument), o.request.price!);
          this.execute(o, at, o.takerLimit ? 'taker' : 'maker', time);
        } else if (phase === PHASE_LIMITS) {
          const reached = o.buy ? bar.low < L || (touch && bar.low <= L) : bar.high > L || (touch && bar.high >= L);
          if (reached) this.execute(o, o.request.price!, o.takerLimit ? 'taker' : 'maker', time);
        }
        return;
      }
      case 'stop':
      case 'stop-limit':
      case 'target': {
        const T = o.trigger;
        if (phase === PHASE_OPEN) {
          if (o.triggerAbove ? bar.open >= T : bar.open <= T) this.trigger(o, bar.open, time);
        } else if (phase === (o.kind === 'target' ? PHASE_LIMITS : PHASE_STOPS)) {
          if (o.triggerAbove ? bar.high >= T : bar.low <= T) this.trigger(o, T, time);
        }
        return;
      }
    }
  }

  /** A stop or target reached at `price` (the open on a gap, else the trigger). */
  private trigger(o: SimWorkingOrder, price: number, time: number): void {
    if (o.kind !== 'stop-limit') {
      this.executeTaker(o, price, time);
      return;
    }
    const limit = o.request.price!;
    if (o.buy ? price <= o.limit : price >= o.limit) {
      this.executeTaker(o, price, time, limit);
      return;
    }
    // Triggered beyond its limit: it rests as a limit order from the next bar (the path after the trigger is unknown).
    o.kind = 'limit';
    o.book.boundsStale = true;
    o.takerLimit = false;
    o.armedAfter = o.book.event;
    o.updatedAt = this.clock.now();
    this.emitOrder(o);
  }

  /** A taker fill at a float market price: slipped against the order, rounded to the tick against it, capped at `limit`. */
  private executeTaker(o: SimWorkingOrder, price: number, time: number, limit?: Units): void {
    const { sim } = o.book;
    const quantity = Number(o.request.quantity - o.filledQuantity) / sim.quantityPow;
    const bps = slippageBps(this.config.slippage, this.slipBar, quantity);
    let units = priceUnits(slipped(price, o.request.side, bps), sim.instrument, o.request.side);
    if (limit !== undefined) units = better(o, units, limit);
    if (units <= 0n) units = priceUnits(price, sim.instrument);
    this.execute(o, units, 'taker', time);
  }

  private execute(o: SimWorkingOrder, price: Units, liquidity: Liquidity, time: number): void {
    const book = o.book;
    const { sim } = book;
    let quantity = o.request.quantity - o.filledQuantity;
    if (o.request.reduceOnly) {
      const pos = book.position;
      if (pos === 0n || (o.buy ? pos > 0n : pos < 0n)) {
        this.close(o, 'cancelled', 'reduce-only: no position left to reduce');
        return;
      }
      const size = pos < 0n ? -pos : pos;
      if (quantity > size) {
        // Like the venue, a reduce-only order shrinks to the position it closes.
        quantity = size;
        o.request = { ...o.request, quantity: o.filledQuantity + size };
      }
    }
    const notional = mulUnits(price, sim.priceScale, quantity, sim.quantityScale, MONEY_SCALE);
    const fee = feeFor(notional, liquidity === 'maker' ? this.config.makerFeePpm : this.config.takerFeePpm);
    const now = this.clock.now();
    const fill: Fill = {
      id: `${this.idPrefix}fill-${++this.fillSeq}`,
      clientOrderId: o.request.clientOrderId,
      venueOrderId: o.venueOrderId,
      venue: this.venue,
      symbol: o.request.symbol,
      side: o.request.side,
      quantity,
      price,
      fee,
      liquidity,
      time,
      receivedAt: now,
    };
    const before = o.filledQuantity;
    o.filledQuantity = before + quantity;
    o.averagePrice = o.averagePrice === undefined ? price : divRound(o.averagePrice * before + price * quantity, o.filledQuantity);
    o.status = 'filled';
    o.live = false;
    book.dirty = true;
    o.updatedAt = now;
    book.position += o.buy ? quantity : -quantity;
    (this.fills ??= []).push(fill);
    this.accounting?.applyFill(fill);
    const { onOrder, onFill } = this.events;
    if (onOrder || onFill) {
      const order = snapshot(o);
      onOrder?.(order, o.role);
      onFill?.(fill, order, o.role);
    }
    this.pruneReduceOnly(book, o);
    if (o.role === 'order' && (o.buy ? book.position > 0n : book.position < 0n)) this.attachChildren(o, quantity);
  }

  /**
   * After an entry fills, its stop-loss and take-profit rest as reduce-only orders for the filled
   * quantity. The stop is live at once (in the rest of this bar, conservatively); the target waits for
   * the next bar unless the entry filled at the bar's open, when the whole bar lies after the entry.
   */
  private attachChildren(parent: SimWorkingOrder, quantity: Units): void {
    const { stopLoss, takeProfit } = parent.request;
    if (stopLoss === undefined && takeProfit === undefined) return;
    const inBar = this.bar !== undefined && this.phase !== PHASE_OPEN;
    const stop = stopLoss !== undefined ? this.addChild(parent, 'stop-loss', stopLoss, quantity, false) : undefined;
    if (takeProfit !== undefined) this.addChild(parent, 'take-profit', takeProfit, quantity, inBar);
    // An entry filled by a limit inside the bar comes after the stop phase: its stop is checked against the bar now.
    const bar = this.bar;
    if (stop && bar && this.phase === PHASE_LIMITS && (stop.triggerAbove ? bar.high >= stop.trigger : bar.low <= stop.trigger)) {
      this.trigger(stop, stop.trigger, this.time);
    }
  }

  private addChild(parent: SimWorkingOrder, role: 'stop-loss' | 'take-profit', level: Units, quantity: Units, waitForNextEvent: boolean): SimWorkingOrder {
    const id = `${parent.request.clientOrderId}:${role === 'stop-loss' ? 'sl' : 'tp'}`;
    const existing = this.orders.get(id);
    if (existing && existing.live) {
      existing.request = { ...existing.request, quantity: existing.request.quantity + quantity };
      return existing;
    }
    const request: OrderRequest = {
      clientOrderId: id,
      venue: parent.request.venue,
      symbol: parent.request.symbol,
      side: parent.buy ? 'sell' : 'buy',
      type: 'stop-market',
      quantity,
      triggerPrice: level,
      timeInForce: 'GTC',
      reduceOnly: true,
      // Undefined rather than absent when the parent has none: one object shape for every child, no spreads.
      proposalId: parent.request.proposalId,
      strategy: parent.request.strategy,
      createdAt: this.clock.now(),
    };
    const child = this.createWorking(request, parent.book, role, parent.request.clientOrderId);
    // A long's stop fires on a fall and its target on a rise; a short's the other way round.
    if (role === 'take-profit') child.kind = 'target';
    child.triggerAbove = role === 'take-profit' ? parent.buy : !parent.buy;
    if (waitForNextEvent) child.armedAfter = parent.book.event;
    parent.book.active.push(child);
    parent.book.boundsStale = true;
    this.emitOrder(child);
    return child;
  }

  private moveChild(parent: SimWorkingOrder, role: 'stop-loss' | 'take-profit', level: Units): void {
    const child = this.orders.get(`${parent.request.clientOrderId}:${role === 'stop-loss' ? 'sl' : 'tp'}`);
    if (child && child.live) {
      this.amend(child.request.clientOrderId, { triggerPrice: level });
      return;
    }
    const pos = parent.book.position;
    const size = pos < 0n ? -pos : pos;
    if (size > 0n && (parent.buy ? pos > 0n : pos < 0n)) this.addChild(parent, role, level, size < parent.filledQuantity ? size : parent.filledQuantity, false);
  }

  /** Reduce-only orders never increase a position: once flat or flipped, those on the wrong side go. */
  private pruneReduceOnly(book: SimBook, cause: SimWorkingOrder): void {
    const pos = book.position;
    for (const o of book.active) {
      if (o === cause || !o.live || !o.request.reduceOnly) continue;
      if (pos === 0n || (o.buy ? pos > 0n : pos < 0n)) this.close(o, 'cancelled', pos === 0n ? 'position closed' : 'reduce-only: position reversed');
    }
  }

  /**
   * Funding for every funding time up to `time` that the position was held through. A gap in the data
   * that spans several funding times charges each of them, at the first price seen after the gap.
   */
  private fund(book: SimBook, time: number, price: number): void {
    const funding = this.config.funding!;
    const interval = funding.intervalMs;
    const first = Number.isNaN(book.nextFunding) ? Math.ceil(time / interval) * interval : book.nextFunding;
    book.nextFunding = Math.floor(time / interval) * interval + interval;
    if (book.position === 0n) return;
    const { sim } = book;
    const markPrice = priceUnits(price, sim.instrument);
    const notional = mulUnits(markPrice, sim.priceScale, book.position, sim.quantityScale, MONEY_SCALE);
    for (let due = first; due <= time; due += interval) {
      const rate = funding.rateAt(due);
      if (!Number.isFinite(rate) || rate === 0) continue;
      const payment = divRound(notional * BigInt(Math.round(rate * 1e12)), 1_000_000_000_000n);
      this.accounting?.applyFunding(sim.instrument.symbol, payment, due);
      this.events.onFunding?.({ venue: this.venue, symbol: sim.instrument.symbol, time: due, rate, markPrice, quantity: book.position, payment });
    }
  }

  private createWorking(request: OrderRequest, book: SimBook, role: SimOrderRole, parentId?: string): SimWorkingOrder {
    const { sim } = book;
    const buy = request.side === 'buy';
    const trigger = toPrice(request.triggerPrice, sim);
    const o: SimWorkingOrder = {
      request,
      book,
      role,
      // Every working order has the same fields (parentId undefined on plain orders): one object shape for the hot loop.
      parentId,
      venueOrderId: `${this.idPrefix}${++this.orderSeq}`,
      kind: matchKind(request),
      status: 'open',
      live: true,
      once: request.timeInForce === 'IOC' || request.timeInForce === 'FOK',
      filledQuantity: 0n,
      averagePrice: undefined,
      reason: undefined,
      updatedAt: this.clock.now(),
      limit: toPrice(request.price, sim),
      trigger,
      // A buy stop fires on a rise unless the market is already above its trigger (then it is a dip buy).
      triggerAbove: Number.isNaN(book.lastPrice) ? buy : trigger > book.lastPrice || (trigger === book.lastPrice && buy),
      buy,
      takerLimit: false,
      armedAfter: -1,
    };
    this.orders.set(request.clientOrderId, o);
    return o;
  }

  private close(o: SimWorkingOrder, status: 'cancelled' | 'expired', reason: string): void {
    o.status = status;
    o.live = false;
    o.book.dirty = true;
    o.reason = reason;
    o.updatedAt = this.clock.now();
    this.emitOrder(o);
  }

  private compact(book: SimBook): void {
    book.dirty = false;
    book.boundsStale = true;
    const list = book.active;
    let j = 0;
    for (let i = 0; i < list.length; i++) {
      const o = list[i]!;
      if (o.live) list[j++] = o;
      else if (this.forgetFinished) this.orders.delete(o.request.clientOrderId);
    }
    list.length = j;
  }

  private emitOrder(o: SimWorkingOrder): void {
    this.events.onOrder?.(snapshot(o), o.role);
  }

  private takeFills(): readonly Fill[] {
    const fills = this.fills;
    if (fills === null) return NO_FILLS;
    this.fills = null;
    return fills;
  }
}

/** The better of two prices for the order: the lower for a buy, the higher for a sell. */
function better(o: SimWorkingOrder, a: Units, b: Units): Units {
  return o.buy ? (a < b ? a : b) : a > b ? a : b;
}
