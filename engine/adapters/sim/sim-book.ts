import type { Instrument } from '../../model/instrument';
import type { OrderAmendment, OrderRequest } from '../../model/order';
import { toPrice, type SimBook, type SimInstrument } from './sim-order';

/** A symbol's book and the pure checks the matcher makes against it. */

export function simInstrument(instrument: Instrument): SimInstrument {
  const quantityUnit = 10 ** -instrument.quantityScale;
  return {
    instrument,
    priceScale: instrument.priceScale,
    quantityScale: instrument.quantityScale,
    pricePow: 10 ** instrument.priceScale,
    quantityPow: 10 ** instrument.quantityScale,
    lotUnits: BigInt(Math.max(1, Math.round((instrument.lotStep > 0 ? instrument.lotStep : quantityUnit) / quantityUnit))),
  };
}

export function newBook(sim: SimInstrument): SimBook {
  return {
    sim,
    active: [],
    position: 0n,
    lastBar: undefined,
    lastPrice: Number.NaN,
    event: 0,
    dirty: false,
    upper: Number.POSITIVE_INFINITY,
    lower: Number.NEGATIVE_INFINITY,
    eager: false,
    boundsStale: false,
    nextFunding: Number.NaN,
  };
}

/** Stands in for a symbol the venue does not list, so a request for it can be remembered as rejected. */
export function unknownInstrument(venue: string, symbol: string): Instrument {
  return { venue, symbol, base: '?', quote: '?', kind: 'spot', tickSize: 1, lotStep: 1, minNotional: 0, priceScale: 0, quantityScale: 0, contract: 'none', minQuantity: 0, active: false };
}

/**
 * The levels between which no live order of the book can fire: buy limits and falling triggers below
 * (`lower`), sell limits and rising triggers above (`upper`). A market order, or an IOC/FOK that must
 * expire after its bar, makes the book `eager`: it is matched whatever the bar.
 */
export function refreshBounds(book: SimBook): void {
  let upper = Number.POSITIVE_INFINITY;
  let lower = Number.NEGATIVE_INFINITY;
  let eager = false;
  for (const o of book.active) {
    if (!o.live) continue;
    if (o.kind === 'market' || o.once) eager = true;
    else if (o.kind === 'limit') {
      if (o.buy) lower = Math.max(lower, o.limit);
      else upper = Math.min(upper, o.limit);
    } else if (o.triggerAbove) upper = Math.min(upper, o.trigger);
    else lower = Math.max(lower, o.trigger);
  }
  book.upper = upper;
  book.lower = lower;
  book.eager = eager;
  book.boundsStale = false;
}

/** Whether a limit at this price would trade against the market at once (a buy at or above the last price). */
export function crosses(o: { readonly buy: boolean; readonly limit: number }, last: number): boolean {
  if (Number.isNaN(last)) return false;
  return o.buy ? o.limit >= last : o.limit <= last;
}

/** Checks that need the market: post-only crossing, reduce-only with nothing to reduce, protective levels on the wrong side. */
export function marketProblem(request: OrderRequest, book: SimBook): string | null {
  const { sim } = book;
  const buy = request.side === 'buy';
  if (request.timeInForce === 'post-only' && crosses({ buy, limit: toPrice(request.price, sim) }, book.lastPrice)) {
    return 'post-only order would cross the market and take liquidity';
  }
  if (request.reduceOnly && (book.position === 0n || (buy ? book.position > 0n : book.position < 0n))) {
    return 'reduce-only order would open or increase a position';
  }
  const reference = request.type === 'limit' || request.type === 'stop-limit' ? toPrice(request.price, sim) : request.type === 'stop-market' ? toPrice(request.triggerPrice, sim) : book.lastPrice;
  if (!Number.isNaN(reference)) {
    const sl = toPrice(request.stopLoss, sim);
    const tp = toPrice(request.takeProfit, sim);
    if (!Number.isNaN(sl) && (buy ? sl >= reference : sl <= reference)) return `stop-loss ${sl} is not on the losing side of a ${request.side} at ${reference}`;
    if (!Number.isNaN(tp) && (buy ? tp <= reference : tp >= reference)) return `take-profit ${tp} is not on the winning side of a ${request.side} at ${reference}`;
  }
  return null;
}

/** The fields an amendment changes, as request fields. */
export function amendmentFields(changes: OrderAmendment): Partial<OrderRequest> {
  const out: { -readonly [K in keyof OrderAmendment]: OrderAmendment[K] } = {};
  if (changes.quantity !== undefined) out.quantity = changes.quantity;
  if (changes.price !== undefined) out.price = changes.price;
  if (changes.triggerPrice !== undefined) out.triggerPrice = changes.triggerPrice;
  if (changes.stopLoss !== undefined) out.stopLoss = changes.stopLoss;
  if (changes.takeProfit !== undefined) out.takeProfit = changes.takeProfit;
  return out;
}
