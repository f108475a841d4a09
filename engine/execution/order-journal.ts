import type { Fill, Order, OrderStatus } from '../model/order';
import type { Proposal } from '../model/proposal';
import type { AuditAction, Actor, AuditEntryView, TradingMode } from './execution-views';

/** The precision an order's or proposal's units were written in. */
export type Scales = { readonly priceScale: number; readonly quantityScale: number };

/** An order with the scales of its instrument, as journaled. */
export type StoredOrder = Order & Scales;

/** A proposal with what the queue keeps beside the contract's fields. */
export type ProposalRecord = Proposal &
  Scales & {
    readonly reduceOnly: boolean;
    readonly confidence: number;
    readonly mode: TradingMode;
    readonly snoozedUntil?: number;
    readonly clientOrderId?: string;
    readonly reason?: string;
  };

/**
 * `intent`: journaled before any venue call; `status`: a new state; `retry`: a retryable failure, sent
 * again with the same id; `lookup`: an ambiguous failure resolved by asking the venue; `reconcile`: a
 * difference with the venue that reconciliation corrected; `fill-ignored`: an execution seen twice.
 */
export type OrderEventKind = 'intent' | 'status' | 'retry' | 'lookup' | 'reconcile' | 'error';

export type OrderEvent = {
  readonly id: number;
  readonly clientOrderId?: string;
  readonly venue: string;
  readonly kind: OrderEventKind;
  readonly status?: OrderStatus;
  readonly detail: string;
  readonly at: number;
};

export type OrderListQuery = {
  readonly status?: OrderStatus | 'open';
  readonly symbol?: string;
  readonly venue?: string;
  readonly proposalId?: string;
  readonly limit: number;
};
export type FillListQuery = {
  readonly venue?: string;
  readonly symbol?: string;
  readonly clientOrderId?: string;
  readonly since?: number;
  readonly limit: number;
};
export type ProposalListQuery = { readonly status?: readonly Proposal['status'][]; readonly strategy?: string; readonly limit: number };
export type AuditListQuery = { readonly proposalId?: string; readonly strategy?: string; readonly before?: number; readonly limit: number };
export type EventListQuery = { readonly clientOrderId?: string; readonly kind?: OrderEventKind; readonly limit: number };

export type AuditInput = {
  readonly at: number;
  readonly action: AuditAction;
  readonly actor: Actor;
  readonly proposalId?: string;
  readonly strategy?: string;
  readonly detail: string;
};

/**
 * Where the execution side keeps orders, their events, fills, proposals and decisions. The SQLite journal
 * is the live one (it survives a crash); the in-memory one serves backtests, where nothing must survive.
 * `updateOrder` enforces the order state machine: an illegal move throws and nothing is written.
 * Lists are newest first except fills since a time (oldest first, for replaying them in order).
 */
export type OrderJournal = {
  transaction<T>(work: () => T): T;
  insertOrder(order: StoredOrder): void;
  updateOrder(order: StoredOrder): void;
  order(clientOrderId: string): StoredOrder | undefined;
  orders(query: OrderListQuery): StoredOrder[];
  /** Orders the venue may still act on (pending, submitted, open, partially filled), oldest first. */
  liveOrders(venue?: string): StoredOrder[];
  /** False when this venue execution id was already recorded: a fill is never counted twice. */
  recordFill(fill: Fill): boolean;
  fills(query: FillListQuery): Fill[];
  lastFillTime(venue: string): number | undefined;
  recordEvent(event: Omit<OrderEvent, 'id'>): void;
  events(query: EventListQuery): OrderEvent[];
  /** False when a proposal with this id exists already (the same signal seen again). */
  insertProposal(proposal: ProposalRecord): boolean;
  updateProposal(proposal: ProposalRecord): void;
  proposal(id: string): ProposalRecord | undefined;
  proposals(query: ProposalListQuery): ProposalRecord[];
  audit(entry: AuditInput): AuditEntryView;
  auditEntries(query: AuditListQuery): AuditEntryView[];
};
