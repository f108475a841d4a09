import type { OrderStatus, OrderView } from '../../engine-client/api-types';

const TERMINAL: readonly OrderStatus[] = ['filled', 'cancelled', 'rejected', 'expired'];

/** Whether an order can still change (and so be cancelled). */
export function isOpen(order: Pick<OrderView, 'status'>): boolean {
  return !TERMINAL.includes(order.status);
}

/** The colour family of a status: working (blue), done (green), stopped (grey), refused (red). */
export function statusTone(status: OrderStatus): 'working' | 'done' | 'stopped' | 'refused' {
  switch (status) {
    case 'filled':
      return 'done';
    case 'cancelled':
    case 'expired':
      return 'stopped';
    case 'rejected':
      return 'refused';
    default:
      return 'working';
  }
}

/** Filled share of an order, 0..1. */
export function filledShare(order: Pick<OrderView, 'quantity' | 'filledQuantity'>): number {
  const total = Number(order.quantity);
  if (!Number.isFinite(total) || total <= 0) return 0;
  return Math.min(1, Math.max(0, Number(order.filledQuantity) / total));
}
