import type { Fill } from '../model/order';
import { assertTransition, LIVE_ORDER_STATUSES } from './order-state-machine';
import type { AuditEntryView } from './execution-views';
import type {
  AuditInput,
  AuditListQuery,
  EventListQuery,
  FillListQuery,
  OrderEvent,
  OrderJournal,
  OrderListQuery,
  ProposalListQuery,
  ProposalRecord,
  StoredOrder,
} from './order-journal';

/** The journal of a backtest: the same rules as the SQLite one, kept in memory, gone with the run. */
export class MemoryJournal implements OrderJournal {
  private readonly orderMap = new Map<string, StoredOrder>();
  private readonly fillList: Fill[] = [];
  private readonly fillKeys = new Set<string>();
  /** Fills by client order id (in arrival order) and the last fill time by venue: the per-fill questions, without scans. */
  private readonly fillsByOrder = new Map<string, Fill[]>();
  private readonly lastFill = new Map<string, number>();
  private readonly eventList: OrderEvent[] = [];
  private readonly proposalMap = new Map<string, ProposalRecord>();
  private readonly auditList: AuditEntryView[] = [];

  transaction<T>(work: () => T): T {
    return work();
  }

  insertOrder(order: StoredOrder): void {
    if (this.orderMap.has(order.clientOrderId)) throw new Error(`order ${order.clientOrderId} is already journaled`);
    this.orderMap.set(order.clientOrderId, order);
  }

  updateOrder(order: StoredOrder): void {
    const current = this.orderMap.get(order.clientOrderId);
    if (!current) throw new Error(`order ${order.clientOrderId} was never journaled`);
    assertTransition(order.clientOrderId, current.status, order.status);
    this.orderMap.set(order.clientOrderId, order);
  }

  order(clientOrderId: string): StoredOrder | undefined {
    return this.orderMap.get(clientOrderId);
  }

  orders(query: OrderListQuery): StoredOrder[] {
    return [...this.orderMap.values()]
      .filter(
        (o) =>
          (query.status === undefined || (query.status === 'open' ? LIVE_ORDER_STATUSES.includes(o.status) : o.status === query.status)) &&
          (query.symbol === undefined || o.symbol === query.symbol) &&
          (query.venue === undefined || o.venue === query.venue) &&
          (query.proposalId === undefined || o.proposalId === query.proposalId),
      )
      .reverse()
      .slice(0, query.limit);
  }

  liveOrders(venue?: string): StoredOrder[] {
    return [...this.orderMap.values()].filter((o) => LIVE_ORDER_STATUSES.includes(o.status) && (venue === undefined || o.venue === venue));
  }

  recordFill(fill: Fill): boolean {
    const key = `${fill.venue}\u001f${fill.id}`;
    if (this.fillKeys.has(key)) return false;
    this.fillKeys.add(key);
    this.fillList.push(fill);
    const ofOrder = this.fillsByOrder.get(fill.clientOrderId);
    if (ofOrder) ofOrder.push(fill);
    else this.fillsByOrder.set(fill.clientOrderId, [fill]);
    const last = this.lastFill.get(fill.venue);
    if (last === undefined || fill.time > last) this.lastFill.set(fill.venue, fill.time);
    return true;
  }

  fills(query: FillListQuery): Fill[] {
    const source = query.clientOrderId === undefined ? this.fillList : (this.fillsByOrder.get(query.clientOrderId) ?? []);
    const matching = source.filter(
      (f) =>
        (query.venue === undefined || f.venue === query.venue) &&
        (query.symbol === undefined || f.symbol === query.symbol) &&
        (query.clientOrderId === undefined || f.clientOrderId === query.clientOrderId) &&
        (query.since === undefined || f.time >= query.since),
    );
    return query.since === undefined ? matching.reverse().slice(0, query.limit) : matching.slice(0, query.limit);
  }

  lastFillTime(venue: string): number | undefined {
    return this.lastFill.get(venue);
  }

  recordEvent(event: Omit<OrderEvent, 'id'>): void {
    this.eventList.push({ id: this.eventList.length + 1, clientOrderId: event.clientOrderId, venue: event.venue, kind: event.kind, status: event.status, detail: event.detail, at: event.at });
  }

  events(query: EventListQuery): OrderEvent[] {
    return this.eventList
      .filter((e) => (query.clientOrderId === undefined || e.clientOrderId === query.clientOrderId) && (query.kind === undefined || e.kind === query.kind))
      .reverse()
      .slice(0, query.limit);
  }

  insertProposal(proposal: ProposalRecord): boolean {
    if (this.proposalMap.has(proposal.id)) return false;
    this.proposalMap.set(proposal.id, proposal);
    return true;
  }

  updateProposal(proposal: ProposalRecord): void {
    if (!this.proposalMap.has(proposal.id)) throw new Error(`proposal ${proposal.id} was never stored`);
    this.proposalMap.set(proposal.id, proposal);
  }

  proposal(id: string): ProposalRecord | undefined {
    return this.proposalMap.get(id);
  }

  proposals(query: ProposalListQuery): ProposalRecord[] {
    return [...this.proposalMap.values()]
      .filter((p) => (query.status === undefined || query.status.includes(p.status)) && (query.strategy === undefined || p.strategy === query.strategy))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, query.limit);
  }

  audit(entry: AuditInput): AuditEntryView {
    const stored = { id: this.auditList.length + 1, ...entry };
    this.auditList.push(stored);
    return stored;
  }

  auditEntries(query: AuditListQuery): AuditEntryView[] {
    return this.auditList
      .filter(
        (e) =>
          (query.proposalId === undefined || e.proposalId === query.proposalId) &&
          (query.strategy === undefined || e.strategy === query.strategy) &&
          (query.before === undefined || e.id < query.before),
      )
      .reverse()
      .slice(0, query.limit);
  }
}
