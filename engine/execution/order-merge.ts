import { divRound } from '../core/money';
import type { Fill, Order, OrderStatus } from '../model/order';
import type { StoredOrder } from './order-journal';
import { isStale, isTerminal } from './order-state-machine';

/**
 * What a venue report (or a new fill) changes in a journaled order, or undefined when it changes nothing.
 * The filled quantity never goes down and is at least what the journaled fills add up to, so a fill that
 * arrives before the order update (or without one) still counts; a stale status is ignored.
 */
export function mergeVenueOrder(current: StoredOrder, reported: Order, fills: readonly Fill[], now: number): Partial<StoredOrder> | undefined {
  const reportedStatus: OrderStatus = reported.status === 'pending' ? 'submitted' : reported.status;
  const stale = reportedStatus !== current.status && isStale(current.status, reportedStatus);
  let fillQuantity = 0n;
  let fillNotional = 0n;
  for (const fill of fills) {
    fillQuantity += fill.quantity;
    fillNotional += fill.price * fill.quantity;
  }
  const filledQuantity = max(current.filledQuantity, stale ? 0n : reported.filledQuantity, fillQuantity);
  let status = stale ? current.status : reportedStatus;
  if (!isTerminal(status) && filledQuantity > 0n) {
    const quantity = stale ? current.quantity : reported.quantity;
    status = filledQuantity >= quantity ? 'filled' : 'partially-filled';
  }
  const averagePrice =
    fillQuantity > 0n && fillQuantity >= filledQuantity ? divRound(fillNotional, fillQuantity) : stale ? current.averagePrice : (reported.averagePrice ?? current.averagePrice);
  // Built field by field and compared as it goes: a spread per optional field and an `Object.keys` pass
  // cost several µs per report, and every order gets a few. Same keys, same order, same values.
  const next: { -readonly [K in keyof StoredOrder]?: StoredOrder[K] } = { status, filledQuantity };
  let changed = status !== current.status || filledQuantity !== current.filledQuantity;
  if (averagePrice !== undefined) {
    next.averagePrice = averagePrice;
    changed ||= averagePrice !== current.averagePrice;
  }
  const venueOrderId = reported.venueOrderId ?? current.venueOrderId;
  if (venueOrderId) {
    next.venueOrderId = venueOrderId;
    changed ||= venueOrderId !== current.venueOrderId;
  }
  // An amendment confirmed by the venue: its quantity and prices are now the order's.
  if (!stale && !isTerminal(current.status)) {
    const price = reported.price ?? current.price;
    const triggerPrice = reported.triggerPrice ?? current.triggerPrice;
    const stopLoss = reported.stopLoss ?? current.stopLoss;
    const takeProfit = reported.takeProfit ?? current.takeProfit;
    next.quantity = reported.quantity;
    next.price = price;
    next.triggerPrice = triggerPrice;
    next.stopLoss = stopLoss;
    next.takeProfit = takeProfit;
    changed ||=
      reported.quantity !== current.quantity ||
      price !== current.price ||
      triggerPrice !== current.triggerPrice ||
      stopLoss !== current.stopLoss ||
      takeProfit !== current.takeProfit;
  }
  if (!stale && reported.reason) {
    next.reason = reported.reason;
    changed ||= reported.reason !== current.reason;
  }
  if (!changed) return undefined;
  next.updatedAt = now;
  return next;
}

function max(a: bigint, b: bigint, c: bigint): bigint {
  const ab = b > a ? b : a;
  return c > ab ? c : ab;
}
