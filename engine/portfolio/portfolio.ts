import type { Clock } from '../core/clock';
import { ValidationError } from '../core/errors';
import { divRound, unitsFromNumber, type Units } from '../core/money';
import type { Instrument } from '../model/instrument';
import { MONEY_SCALE, type Balance, type Fill, type Position } from '../model/order';

/**
 * An account's positions, cash and PnL, built only from fills and funding payments (so backtests,
 * paper and live agree by construction). Conventions (docs/sim-and-risk.md):
 *
 * - Margin-account accounting, one-way positions: cash (the wallet balance) moves only by realized PnL,
 *   fees and funding; equity = cash + unrealized PnL at the last mark. With leverage 1 a long is the
 *   same as holding the coin.
 * - Average entry: the position's cost is Σ price × quantity of what is open; reducing takes the
 *   closed share of that cost, so the realized PnL of a close is exact; a flip closes the whole
 *   position and opens the remainder at the fill price.
 * - Position.realizedPnl is net: price PnL minus fees minus funding of that symbol.
 * - Accounting is integer (MONEY_SCALE units). `mark` + `equity()` are a float fast path for per-bar
 *   equity curves; `equityUnits()` is the exact figure.
 */
export type PortfolioOptions = {
  readonly instruments: readonly Instrument[];
  /** Starting cash in MONEY_SCALE units of the settlement asset. */
  readonly initialCash: Units;
  readonly venue?: string;
  readonly asset?: string;
  readonly clock?: Clock;
  /** Leverage used for margin and available cash; 1 = fully funded. */
  readonly leverage?: number;
};

/** What one fill did to its position. */
export type FillEffect = {
  readonly fill: Fill;
  /** Quantity closed by this fill (positive units) and its price PnL before fees, MONEY_SCALE units. */
  readonly closedQuantity: Units;
  readonly realizedPnl: Units;
  /** Quantity opened or added in the fill's direction (after a flip, the new side). */
  readonly openedQuantity: Units;
  readonly position: Position;
  /** False when the fill id was already applied (a replayed or reconciled fill counts once). */
  readonly applied: boolean;
};

export type Exposure = {
  /** Signed notional at the last mark per symbol, quote currency. */
  readonly bySymbol: ReadonlyMap<string, number>;
  readonly gross: number;
  readonly net: number;
};

type Book = {
  readonly instrument: Instrument;
  /** Units from price × quantity scale to MONEY_SCALE: divide by `down` or multiply by `up`. */
  readonly down: bigint;
  readonly up: bigint;
  readonly pricePow: number;
  readonly quantityPow: number;
  readonly rawPow: number;
  quantity: Units;
  /** Signed Σ price × quantity of the open position, in price-units × quantity-units. */
  cost: Units;
  realized: Units;
  fees: Units;
  funding: Units;
  updatedAt: number;
  /** Float copies for the per-bar path. */
  quantityF: number;
  costF: number;
  mark: number;
};

export class Portfolio {
  readonly venue: string;
  readonly asset: string;
  readonly leverage: number;
  private readonly clock: Clock | undefined;
  private readonly books = new Map<string, Book>();
  private readonly list: Book[] = [];
  private readonly seenFills = new Set<string>();
  private cashUnits: Units;
  private cashF: number;
  private totalFees: Units = 0n;
  private totalFunding: Units = 0n;
  private totalRealized: Units = 0n;
  private readonly historyTime: number[] = [];
  private readonly historyEquity: number[] = [];

  constructor(options: PortfolioOptions) {
    this.venue = options.venue ?? 'sim';
    this.asset = options.asset ?? 'USDT';
    this.leverage = options.leverage ?? 1;
    if (!(this.leverage > 0)) throw new ValidationError(`leverage ${this.leverage} is not positive`);
    this.clock = options.clock;
    this.cashUnits = options.initialCash;
    this.cashF = toMoneyNumber(options.initialCash);
    for (const instrument of options.instruments) this.addInstrument(instrument);
  }

  addInstrument(instrument: Instrument): void {
    if (this.books.has(instrument.symbol)) return;
    const shift = instrument.priceScale + instrument.quantityScale - MONEY_SCALE;
    const book: Book = {
      instrument,
      down: shift > 0 ? 10n ** BigInt(shift) : 1n,
      up: shift < 0 ? 10n ** BigInt(-shift) : 1n,
      pricePow: 10 ** instrument.priceScale,
      quantityPow: 10 ** instrument.quantityScale,
      rawPow: 10 ** (instrument.priceScale + instrument.quantityScale),
      quantity: 0n,
      cost: 0n,
      realized: 0n,
      fees: 0n,
      funding: 0n,
      updatedAt: 0,
      quantityF: 0,
      costF: 0,
      mark: Number.NaN,
    };
    this.books.set(instrument.symbol, book);
    this.list.push(book);
  }

  /** Applies one fill: position, average entry, realized PnL on a reduce or flip, fee. Idempotent by fill id. */
  applyFill(fill: Fill): FillEffect {
    const book = this.book(fill.symbol);
    if (this.seenFills.has(fill.id)) return { fill, closedQuantity: 0n, realizedPnl: 0n, openedQuantity: 0n, position: this.toPosition(book), applied: false };
    const effect = this.applyToBook(book, fill);
    return { fill, closedQuantity: effect.closed, realizedPnl: effect.realized, openedQuantity: fill.quantity - effect.closed, position: this.toPosition(book), applied: true };
  }

  /**
   * applyFill for a caller that needs no FillEffect (the sim venue's accounting, once per fill in a backtest):
   * the same bookkeeping without building the position view. False for a fill already counted.
   */
  recordFill(fill: Fill): boolean {
    if (this.seenFills.has(fill.id)) return false;
    this.applyToBook(this.book(fill.symbol), fill);
    return true;
  }

  private applyToBook(book: Book, fill: Fill): { closed: Units; realized: Units } {
    if (fill.quantity <= 0n || fill.price <= 0n) throw new ValidationError(`fill ${fill.id} needs a positive quantity and price`);
    this.seenFills.add(fill.id);
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const held = book.quantity;
    let closed = 0n;
    let realizedRaw = 0n;
    if (held !== 0n && held > 0n !== signed > 0n) {
      const size = abs(held);
      closed = fill.quantity < size ? fill.quantity : size;
      const closedCost = divRound(book.cost * closed, size);
      const exitValue = fill.price * closed * (held > 0n ? 1n : -1n);
      realizedRaw = exitValue - closedCost;
      book.cost -= closedCost;
      book.quantity += held > 0n ? -closed : closed;
    }
    const opened = fill.quantity - closed;
    if (opened > 0n) {
      const add = fill.side === 'buy' ? opened : -opened;
      book.quantity += add;
      book.cost += fill.price * add;
    }
    if (book.quantity === 0n) book.cost = 0n;
    const realized = this.toMoney(book, realizedRaw);
    book.realized += realized - fill.fee;
    book.fees += fill.fee;
    book.updatedAt = fill.time;
    this.totalFees += fill.fee;
    this.totalRealized += realized;
    this.setCash(this.cashUnits + realized - fill.fee);
    book.quantityF = Number(book.quantity) / book.quantityPow;
    book.costF = Number(book.cost) / book.rawPow;
    if (Number.isNaN(book.mark)) book.mark = Number(fill.price) / book.pricePow;
    return { closed, realized };
  }

  /** A funding payment: positive `payment` (MONEY_SCALE units) is paid by the account. */
  applyFunding(symbol: string, payment: Units, time: number): void {
    const book = this.book(symbol);
    book.funding += payment;
    book.realized -= payment;
    book.updatedAt = time;
    this.totalFunding += payment;
    this.setCash(this.cashUnits - payment);
  }

  /** Money in or out of the account (MONEY_SCALE units), such as a paper account's starting balance. */
  deposit(amount: Units): void {
    this.setCash(this.cashUnits + amount);
  }

  /** Sets the mark price of a symbol (a bar close or a trade). The per-bar path: one lookup, one store. */
  mark(symbol: string, price: number): void {
    const book = this.books.get(symbol);
    if (book) book.mark = price;
  }

  /** Equity including open PnL at the marks, as a float (for curves and risk checks; accounting stays integer). */
  equity(): number {
    let equity = this.cashF;
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const b = list[i]!;
      if (b.quantityF !== 0) equity += b.quantityF * b.mark - b.costF;
    }
    return equity;
  }

  /** Exact equity in MONEY_SCALE units at the marks rounded to the tick. */
  equityUnits(): Units {
    let equity = this.cashUnits;
    for (const b of this.list) equity += this.unrealizedUnits(b);
    return equity;
  }

  /** Margin the open positions tie up (|notional| / leverage), float. */
  marginUsed(): number {
    let margin = 0;
    for (const b of this.list) if (b.quantityF !== 0) margin += Math.abs(b.quantityF * b.mark);
    return margin / this.leverage;
  }

  /** Cash free to open positions: equity minus margin used, never below zero. */
  available(): number {
    return Math.max(0, this.equity() - this.marginUsed());
  }

  cash(): Units {
    return this.cashUnits;
  }

  fees(): Units {
    return this.totalFees;
  }

  funding(): Units {
    return this.totalFunding;
  }

  /** Price PnL realized by closes, before fees and funding. */
  realizedPnl(): Units {
    return this.totalRealized;
  }

  position(symbol: string): Position {
    return this.toPosition(this.book(symbol));
  }

  /** Signed quantity in quantity units (0 when flat): the cheap question strategies ask every bar. */
  quantity(symbol: string): Units {
    return this.books.get(symbol)?.quantity ?? 0n;
  }

  positions(): Position[] {
    return this.list.filter((b) => b.quantity !== 0n).map((b) => this.toPosition(b));
  }

  balance(): Balance {
    return { venue: this.venue, asset: this.asset, total: this.cashUnits, free: unitsFromNumber(this.available(), MONEY_SCALE), updatedAt: this.now() };
  }

  exposure(): Exposure {
    const bySymbol = new Map<string, number>();
    let gross = 0;
    let net = 0;
    for (const b of this.list) {
      if (b.quantityF === 0) continue;
      const notional = b.quantityF * b.mark;
      bySymbol.set(b.instrument.symbol, notional);
      gross += Math.abs(notional);
      net += notional;
    }
    return { bySymbol, gross, net };
  }

  /** Appends the current equity to the history (call once per bar or per interval). */
  recordEquity(time: number): number {
    const equity = this.equity();
    this.historyTime.push(time);
    this.historyEquity.push(equity);
    return equity;
  }

  equityHistory(): { readonly time: number; readonly equity: number }[] {
    return this.historyTime.map((time, i) => ({ time, equity: this.historyEquity[i]! }));
  }

  private toPosition(b: Book): Position {
    const size = abs(b.quantity);
    return {
      venue: this.venue,
      symbol: b.instrument.symbol,
      quantity: b.quantity,
      entryPrice: size === 0n ? 0n : divRound(abs(b.cost), size),
      realizedPnl: b.realized,
      unrealizedPnl: this.unrealizedUnits(b),
      leverage: this.leverage,
      updatedAt: b.updatedAt,
    };
  }

  private unrealizedUnits(b: Book): Units {
    if (b.quantity === 0n || Number.isNaN(b.mark)) return 0n;
    const mark = unitsFromNumber(b.mark, b.instrument.priceScale);
    return this.toMoney(b, mark * b.quantity - b.cost);
  }

  private toMoney(b: Book, raw: Units): Units {
    return b.down !== 1n ? divRound(raw, b.down) : raw * b.up;
  }

  private setCash(units: Units): void {
    this.cashUnits = units;
    this.cashF = toMoneyNumber(units);
  }

  private book(symbol: string): Book {
    const book = this.books.get(symbol);
    if (!book) throw new ValidationError(`the portfolio has no instrument ${symbol}`);
    return book;
  }

  private now(): number {
    return this.clock?.now() ?? 0;
  }
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function toMoneyNumber(units: Units): number {
  return Number(units) / 10 ** MONEY_SCALE;
}
