import type { Units } from '../../core/money';
import type { Candle } from '../../model/candle';
import type { Instrument } from '../../model/instrument';
import type { Order, OrderRequest, OrderStatus } from '../../model/order';

/** What a sim order is for: a plain order, or the stop-loss / take-profit the venue attached to an entry. */
export type SimOrderRole = 'order' | 'stop-loss' | 'take-profit';

/**
 * How the matcher treats an order inside a bar. `stop`: a market order once price reaches the trigger
 * (stop-market, attached stop-loss). `target`: the same, triggered from the other side (attached
 * take-profit, Bybit's conditional market order). `stop-limit`: becomes `limit` once triggered.
 */
export type MatchKind = 'market' | 'limit' | 'stop' | 'stop-limit' | 'target';

/**
 * What the matcher knows of one order, enough to bring it back after a restart (the paper venue's
 * persistence): the order as the engine sees it and the matching state behind it.
 */
export type SimOrderRecord = {
  readonly order: Order;
  readonly role: SimOrderRole;
  readonly parentId?: string;
  readonly kind: MatchKind;
  readonly triggerAbove: boolean;
  readonly takerLimit: boolean;
  readonly live: boolean;
};

/** Per-instrument constants, computed once. */
export type SimInstrument = {
  readonly instrument: Instrument;
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly pricePow: number;
  readonly quantityPow: number;
  readonly lotUnits: Units;
};

/** One symbol's order book in the matcher: its resting orders and what the venue knows of the market. */
export type SimBook = {
  readonly sim: SimInstrument;
  /** Open orders in submission order (children appended as they are created). */
  active: SimWorkingOrder[];
  position: Units;
  lastBar: Candle | undefined;
  /** Last traded price seen (bar close or trade), NaN before any. */
  lastPrice: number;
  /** Counts bars and ticks; an order armed at event N may first trade at event N + 1. */
  event: number;
  /** Some order in `active` is no longer live and should be dropped. */
  dirty: boolean;
  /**
   * No live order can fire in a bar with high < upper and low > lower, unless one is `eager` (a market
   * order, or an IOC/FOK that must expire): the per-bar skip. Recomputed when `boundsStale`.
   */
  upper: number;
  lower: number;
  eager: boolean;
  boundsStale: boolean;
  nextFunding: number;
};

/** The matcher's mutable record of an order; `snapshot` turns it into the immutable `Order` the engine sees. */
export type SimWorkingOrder = {
  request: OrderRequest;
  readonly book: SimBook;
  readonly role: SimOrderRole;
  readonly parentId?: string;
  readonly venueOrderId: string;
  kind: MatchKind;
  status: OrderStatus;
  /** Whether the order can still trade: the hot loop's check, kept in step with `status`. */
  live: boolean;
  /** Immediate-or-cancel or fill-or-kill: one event to fill. */
  readonly once: boolean;
  filledQuantity: Units;
  averagePrice: Units | undefined;
  reason: string | undefined;
  updatedAt: number;
  /** Float copies of the limit and trigger prices, so the per-bar comparisons never touch bigint. */
  limit: number;
  trigger: number;
  /** Whether a triggered order fires when price rises to the trigger (else when it falls to it). */
  triggerAbove: boolean;
  buy: boolean;
  /** A limit that crossed the market when it arrived takes liquidity (taker fee) when it fills. */
  takerLimit: boolean;
  /** The order may trade only in events after this one (a target attached inside a bar waits for the next). */
  armedAfter: number;
};

export function toPrice(units: Units | undefined, sim: SimInstrument): number {
  return units === undefined ? Number.NaN : Number(units) / sim.pricePow;
}

/**
 * The immutable view of a working order. Written out field by field (no spread): fills build one per
 * execution, and a literal of known shape is several times cheaper than spreading the request.
 */
export function snapshot(o: SimWorkingOrder): Order {
  const r = o.request;
  return {
    clientOrderId: r.clientOrderId,
    venue: r.venue,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    quantity: r.quantity,
    price: r.price,
    triggerPrice: r.triggerPrice,
    timeInForce: r.timeInForce,
    reduceOnly: r.reduceOnly,
    stopLoss: r.stopLoss,
    takeProfit: r.takeProfit,
    proposalId: r.proposalId,
    strategy: r.strategy,
    createdAt: r.createdAt,
    status: o.status,
    venueOrderId: o.venueOrderId,
    filledQuantity: o.filledQuantity,
    averagePrice: o.averagePrice,
    updatedAt: o.updatedAt,
    reason: o.reason,
  };
}

/** The request an order was made from (its Order view carries every request field). */
export function requestOf(order: Order): OrderRequest {
  const { status: _status, venueOrderId: _venueOrderId, filledQuantity: _filled, averagePrice: _average, updatedAt: _updated, reason: _reason, ...request } = order;
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined)) as OrderRequest;
}

/** Why a request cannot be accepted as it stands, or null. Market-relative checks live in the matcher. */
export function requestProblem(request: OrderRequest, sim: SimInstrument | undefined): string | null {
  if (!sim) return `unknown symbol ${request.symbol}`;
  if (typeof request.clientOrderId !== 'string' || request.clientOrderId.length === 0) return 'an order needs a clientOrderId';
  if (request.side !== 'buy' && request.side !== 'sell') return `side ${String(request.side)} is not buy or sell`;
  if (typeof request.quantity !== 'bigint' || request.quantity <= 0n) return 'quantity must be a positive number of quantity units';
  if (request.quantity % sim.lotUnits !== 0n) return `quantity is not a multiple of the lot step ${sim.instrument.lotStep}`;
  const needsPrice = request.type === 'limit' || request.type === 'stop-limit';
  const needsTrigger = request.type === 'stop-market' || request.type === 'stop-limit';
  if (needsPrice && !(request.price !== undefined && request.price > 0n)) return `a ${request.type} order needs a positive price`;
  if (needsTrigger && !(request.triggerPrice !== undefined && request.triggerPrice > 0n)) return `a ${request.type} order needs a positive trigger price`;
  if (request.timeInForce === 'post-only' && request.type !== 'limit') return 'post-only applies to limit orders only';
  if (request.stopLoss !== undefined && request.stopLoss <= 0n) return 'stop-loss must be a positive price';
  if (request.takeProfit !== undefined && request.takeProfit <= 0n) return 'take-profit must be a positive price';
  return null;
}

/** The order's kind inside a bar. */
export function matchKind(request: OrderRequest): MatchKind {
  switch (request.type) {
    case 'market':
      return 'market';
    case 'limit':
      return 'limit';
    case 'stop-market':
      return 'stop';
    case 'stop-limit':
      return 'stop-limit';
  }
}
