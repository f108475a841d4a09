import { TERMINAL_ORDER_STATUSES, type OrderStatus } from '../model/order';

/**
 * The legal moves of an order. An order is journaled `pending`, becomes `submitted` just before the venue
 * call, and from there follows what the venue says. A terminal status never changes again. Staying in a
 * live status is legal (an amendment, a further partial fill).
 */
const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['pending', 'submitted', 'rejected', 'cancelled', 'expired'],
  submitted: ['submitted', 'open', 'partially-filled', 'filled', 'cancelled', 'rejected', 'expired'],
  open: ['open', 'partially-filled', 'filled', 'cancelled', 'expired'],
  'partially-filled': ['partially-filled', 'filled', 'cancelled', 'expired'],
  filled: [],
  cancelled: [],
  rejected: [],
  expired: [],
};

/** A move the state machine forbids: a bug in the engine, never an expected failure. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly clientOrderId: string,
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`order ${clientOrderId} cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** Staying put is always legal: a terminal order may still learn a late detail (a fill's price) without changing status. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function assertTransition(clientOrderId: string, from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(clientOrderId, from, to);
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_ORDER_STATUSES.includes(status);
}

/** Statuses of an order the venue may still act on. */
export const LIVE_ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'submitted', 'open', 'partially-filled'];

const RANK: Readonly<Record<OrderStatus, number>> = {
  pending: 0,
  submitted: 1,
  open: 2,
  'partially-filled': 3,
  filled: 4,
  cancelled: 4,
  rejected: 4,
  expired: 4,
};

/**
 * Whether a venue report is older news than what the engine knows: a REST answer and a stream update
 * race, so "open" may arrive after "filled". Such a report is dropped, never applied backwards.
 */
export function isStale(current: OrderStatus, reported: OrderStatus): boolean {
  if (isTerminal(current)) return true;
  return RANK[reported] < RANK[current];
}
