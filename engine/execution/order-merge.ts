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
  const next: Partial<StoredOrder> = {
    status,
    filledQuantity,
    ...(averagePrice === undefined ? {} : { averagePrice }),
    ...((reported.venueOrderId ?? current.venueOrderId) ? { venueOrderId: reported.venueOrderId ?? current.venueOrderId } : {}),
    // An amendment confirmed by the venue: its quantity and prices are now the order's.
    ...(stale || isTerminal(current.status)
      ? {}
      : {
          quantity: reported.quantity,
          price: reported.price ?? current.price,
          triggerPrice: reported.triggerPrice ?? current.triggerPrice,
          stopLoss: reported.stopLoss ?? current.stopLoss,
          takeProfit: reported.takeProfit ?? current.takeProfit,
        }),
    ...(!stale && reported.reason ? { reason: reported.reason } : {}),
  };
  const changed = (Object.keys(next) as (keyof StoredOrder)[]).some((key) => next[key] !== current[key]);
  return changed ? { ...next, updatedAt: now } : undefined;
}

function max(...values: bigint[]): bigint {
  return values.reduce((a, b) => (b > a ? b : a));
}
