import type Database from 'better-sqlite3';
import type { Fill, Liquidity, OrderSide, OrderStatus, OrderType, TimeInForce } from '../model/order';
import type { Decider, ProposalStatus } from '../model/proposal';
import type { RegimeLabel } from '../model/regime';
import { assertTransition } from './order-state-machine';
import type { Actor, AuditAction, AuditEntryView, TradingMode } from './execution-views';
import type {
  AuditInput,
  AuditListQuery,
  EventListQuery,
  FillListQuery,
  OrderEvent,
  OrderEventKind,
  OrderJournal,
  OrderListQuery,
  ProposalListQuery,
  ProposalRecord,
  StoredOrder,
} from './order-journal';

type OrderRow = {
  client_order_id: string;
  venue: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: string;
  price: string | null;
  trigger_price: string | null;
  time_in_force: TimeInForce;
  reduce_only: number;
  stop_loss: string | null;
  take_profit: string | null;
  proposal_id: string | null;
  strategy: string | null;
  status: OrderStatus;
  venue_order_id: string | null;
  filled_quantity: string;
  average_price: string | null;
  reason: string | null;
  price_scale: number;
  quantity_scale: number;
  created_at: number;
  updated_at: number;
};

/** A fill as the `fills` table (and the paper venue's `paper_fills`) stores it. */
export type FillRow = {
  venue: string;
  id: string;
  client_order_id: string;
  venue_order_id: string | null;
  symbol: string;
  side: OrderSide;
  quantity: string;
  price: string;
  fee: string;
  liquidity: Liquidity;
  time: number;
  received_at: number;
};

type ProposalRow = {
  id: string;
  signal_id: string;
  strategy: string;
  venue: string;
  symbol: string;
  timeframe: string;
  side: OrderSide;
  order_type: 'market' | 'limit';
  reduce_only: number;
  entry: string;
  quantity: string;
  stop: string | null;
  target: string | null;
  risk_money: string;
  risk_fraction: number;
  estimated_fees: string;
  leverage: number;
  liquidation_price: string | null;
  regime: RegimeLabel | null;
  sentiment_context: string | null;
  whale_context: string | null;
  rationale: string;
  confidence: number;
  status: ProposalStatus;
  mode: TradingMode;
  created_at: number;
  expires_at: number;
  snoozed_until: number | null;
  min_price: string | null;
  max_price: string | null;
  decided_at: number | null;
  decided_by: string | null;
  client_order_id: string | null;
  reason: string | null;
  price_scale: number;
  quantity_scale: number;
};

type EventRow = { id: number; client_order_id: string | null; venue: string; kind: OrderEventKind; status: OrderStatus | null; detail: string; at: number };
type AuditRow = { id: number; at: number; action: AuditAction; actor: string; proposal_id: string | null; strategy: string | null; detail: string };

const text = (units: bigint | undefined): string | null => (units === undefined ? null : units.toString());
const units = (value: string | null): bigint | undefined => (value === null ? undefined : BigInt(value));
const optional = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

const ORDER_COLUMNS = `client_order_id, venue, symbol, side, type, quantity, price, trigger_price, time_in_force, reduce_only, stop_loss,
  take_profit, proposal_id, strategy, status, venue_order_id, filled_quantity, average_price, reason, price_scale, quantity_scale, created_at, updated_at`;
const ORDER_VALUES = `@client_order_id, @venue, @symbol, @side, @type, @quantity, @price, @trigger_price, @time_in_force, @reduce_only, @stop_loss,
  @take_profit, @proposal_id, @strategy, @status, @venue_order_id, @filled_quantity, @average_price, @reason, @price_scale, @quantity_scale, @created_at, @updated_at`;
const PROPOSAL_COLUMNS = `id, signal_id, strategy, venue, symbol, timeframe, side, order_type, reduce_only, entry, quantity, stop, target, risk_money,
  risk_fraction, estimated_fees, leverage, liquidation_price, regime, sentiment_context, whale_context, rationale, confidence, status, mode, created_at,
  expires_at, snoozed_until, min_price, max_price, decided_at, decided_by, client_order_id, reason, price_scale, quantity_scale`;

/** The live journal: every write is one SQLite statement or transaction, durable before the venue is called. */
export class SqliteJournal implements OrderJournal {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insertOrder: db.prepare(`INSERT INTO orders (${ORDER_COLUMNS}) VALUES (${ORDER_VALUES})`),
      updateOrder: db.prepare(`UPDATE orders SET status = @status, venue_order_id = @venue_order_id, filled_quantity = @filled_quantity,
        average_price = @average_price, reason = @reason, quantity = @quantity, price = @price, trigger_price = @trigger_price,
        stop_loss = @stop_loss, take_profit = @take_profit, updated_at = @updated_at WHERE client_order_id = @client_order_id`),
      order: db.prepare('SELECT * FROM orders WHERE client_order_id = ?'),
      liveOrders: db.prepare(`SELECT * FROM orders WHERE status IN ('pending', 'submitted', 'open', 'partially-filled') ORDER BY created_at, client_order_id`),
      insertFill: db.prepare(`INSERT OR IGNORE INTO fills (venue, id, client_order_id, venue_order_id, symbol, side, quantity, price, fee, liquidity, time, received_at)
        VALUES (@venue, @id, @client_order_id, @venue_order_id, @symbol, @side, @quantity, @price, @fee, @liquidity, @time, @received_at)`),
      lastFillTime: db.prepare('SELECT MAX(time) AS time FROM fills WHERE venue = ?'),
      insertEvent: db.prepare('INSERT INTO order_events (client_order_id, venue, kind, status, detail, at) VALUES (?, ?, ?, ?, ?, ?)'),
      insertProposal: db.prepare(`INSERT OR IGNORE INTO proposals (${PROPOSAL_COLUMNS}) VALUES (${PROPOSAL_COLUMNS.split(',')
        .map((c) => `@${c.trim()}`)
        .join(', ')})`),
      updateProposal: db.prepare(`UPDATE proposals SET ${PROPOSAL_COLUMNS.split(',')
        .map((c) => c.trim())
        .filter((c) => c !== 'id')
        .map((c) => `${c} = @${c}`)
        .join(', ')} WHERE id = @id`),
      proposal: db.prepare('SELECT * FROM proposals WHERE id = ?'),
      insertAudit: db.prepare('INSERT INTO decisions (at, action, actor, proposal_id, strategy, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  insertOrder(order: StoredOrder): void {
    this.statements.insertOrder.run(orderRow(order));
  }

  updateOrder(order: StoredOrder): void {
    this.transaction(() => {
      const current = this.order(order.clientOrderId);
      if (!current) throw new Error(`order ${order.clientOrderId} was never journaled`);
      assertTransition(order.clientOrderId, current.status, order.status);
      this.statements.updateOrder.run(orderRow(order));
    });
  }

  order(clientOrderId: string): StoredOrder | undefined {
    const row = this.statements.order.get(clientOrderId) as OrderRow | undefined;
    return row && fromOrderRow(row);
  }

  orders(query: OrderListQuery): StoredOrder[] {
    const where = new Where();
    if (query.status === 'open') where.add(`status IN ('pending', 'submitted', 'open', 'partially-filled')`);
    else if (query.status !== undefined) where.add('status = ?', query.status);
    if (query.symbol !== undefined) where.add('symbol = ?', query.symbol);
    if (query.venue !== undefined) where.add('venue = ?', query.venue);
    if (query.proposalId !== undefined) where.add('proposal_id = ?', query.proposalId);
    const sql = `SELECT * FROM orders ${where.sql} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...where.params, query.limit) as OrderRow[]).map(fromOrderRow);
  }

  liveOrders(venue?: string): StoredOrder[] {
    return (this.statements.liveOrders.all() as OrderRow[]).map(fromOrderRow).filter((o) => venue === undefined || o.venue === venue);
  }

  recordFill(fill: Fill): boolean {
    const result = this.statements.insertFill.run(fillRow(fill));
    return result.changes === 1;
  }

  fills(query: FillListQuery): Fill[] {
    const where = new Where();
    if (query.venue !== undefined) where.add('venue = ?', query.venue);
    if (query.symbol !== undefined) where.add('symbol = ?', query.symbol);
    if (query.clientOrderId !== undefined) where.add('client_order_id = ?', query.clientOrderId);
    if (query.since !== undefined) where.add('time >= ?', query.since);
    const order = query.since === undefined ? 'time DESC, rowid DESC' : 'time, rowid';
    const sql = `SELECT * FROM fills ${where.sql} ORDER BY ${order} LIMIT ?`;
    return (this.db.prepare(sql).all(...where.params, query.limit) as FillRow[]).map(fromFillRow);
  }

  lastFillTime(venue: string): number | undefined {
    const row = this.statements.lastFillTime.get(venue) as { time: number | null };
    return row.time ?? undefined;
  }

  recordEvent(event: Omit<OrderEvent, 'id'>): void {
    this.statements.insertEvent.run(event.clientOrderId ?? null, event.venue, event.kind, event.status ?? null, event.detail, event.at);
  }

  events(query: EventListQuery): OrderEvent[] {
    const where = new Where();
    if (query.clientOrderId !== undefined) where.add('client_order_id = ?', query.clientOrderId);
    if (query.kind !== undefined) where.add('kind = ?', query.kind);
    const sql = `SELECT * FROM order_events ${where.sql} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...where.params, query.limit) as EventRow[]).map((row) => ({
      id: row.id,
      ...optional('clientOrderId', row.client_order_id),
      venue: row.venue,
      kind: row.kind,
      ...optional('status', row.status),
      detail: row.detail,
      at: row.at,
    }));
  }

  insertProposal(proposal: ProposalRecord): boolean {
    return this.statements.insertProposal.run(proposalRow(proposal)).changes === 1;
  }

  updateProposal(proposal: ProposalRecord): void {
    if (this.statements.updateProposal.run(proposalRow(proposal)).changes !== 1) throw new Error(`proposal ${proposal.id} was never stored`);
  }

  proposal(id: string): ProposalRecord | undefined {
    const row = this.statements.proposal.get(id) as ProposalRow | undefined;
    return row && fromProposalRow(row);
  }

  proposals(query: ProposalListQuery): ProposalRecord[] {
    const where = new Where();
    if (query.status !== undefined) where.add(`status IN (${query.status.map(() => '?').join(', ')})`, ...query.status);
    if (query.strategy !== undefined) where.add('strategy = ?', query.strategy);
    const sql = `SELECT * FROM proposals ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...where.params, query.limit) as ProposalRow[]).map(fromProposalRow);
  }

  audit(entry: AuditInput): AuditEntryView {
    const result = this.statements.insertAudit.run(entry.at, entry.action, JSON.stringify(entry.actor), entry.proposalId ?? null, entry.strategy ?? null, entry.detail);
    return { id: Number(result.lastInsertRowid), ...entry };
  }

  auditEntries(query: AuditListQuery): AuditEntryView[] {
    const where = new Where();
    if (query.proposalId !== undefined) where.add('proposal_id = ?', query.proposalId);
    if (query.strategy !== undefined) where.add('strategy = ?', query.strategy);
    if (query.before !== undefined) where.add('id < ?', query.before);
    const sql = `SELECT * FROM decisions ${where.sql} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...where.params, query.limit) as AuditRow[]).map((row) => ({
      id: row.id,
      at: row.at,
      action: row.action,
      actor: JSON.parse(row.actor) as Actor,
      ...optional('proposalId', row.proposal_id),
      ...optional('strategy', row.strategy),
      detail: row.detail,
    }));
  }
}

function orderRow(order: StoredOrder): OrderRow {
  return {
    client_order_id: order.clientOrderId,
    venue: order.venue,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantity: order.quantity.toString(),
    price: text(order.price),
    trigger_price: text(order.triggerPrice),
    time_in_force: order.timeInForce,
    reduce_only: order.reduceOnly ? 1 : 0,
    stop_loss: text(order.stopLoss),
    take_profit: text(order.takeProfit),
    proposal_id: order.proposalId ?? null,
    strategy: order.strategy ?? null,
    status: order.status,
    venue_order_id: order.venueOrderId ?? null,
    filled_quantity: order.filledQuantity.toString(),
    average_price: text(order.averagePrice),
    reason: order.reason ?? null,
    price_scale: order.priceScale,
    quantity_scale: order.quantityScale,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

function fromOrderRow(row: OrderRow): StoredOrder {
  return {
    clientOrderId: row.client_order_id,
    venue: row.venue,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    quantity: BigInt(row.quantity),
    ...optional('price', units(row.price)),
    ...optional('triggerPrice', units(row.trigger_price)),
    timeInForce: row.time_in_force,
    reduceOnly: row.reduce_only === 1,
    ...optional('stopLoss', units(row.stop_loss)),
    ...optional('takeProfit', units(row.take_profit)),
    ...optional('proposalId', row.proposal_id),
    ...optional('strategy', row.strategy),
    createdAt: row.created_at,
    status: row.status,
    ...optional('venueOrderId', row.venue_order_id),
    filledQuantity: BigInt(row.filled_quantity),
    ...optional('averagePrice', units(row.average_price)),
    updatedAt: row.updated_at,
    ...optional('reason', row.reason),
    priceScale: row.price_scale,
    quantityScale: row.quantity_scale,
  };
}

export function fillRow(fill: Fill): FillRow {
  return {
    venue: fill.venue,
    id: fill.id,
    client_order_id: fill.clientOrderId,
    venue_order_id: fill.venueOrderId ?? null,
    symbol: fill.symbol,
    side: fill.side,
    quantity: fill.quantity.toString(),
    price: fill.price.toString(),
    fee: fill.fee.toString(),
    liquidity: fill.liquidity,
    time: fill.time,
    received_at: fill.receivedAt,
  };
}

export function fromFillRow(row: FillRow): Fill {
  return {
    id: row.id,
    clientOrderId: row.client_order_id,
    ...optional('venueOrderId', row.venue_order_id),
    venue: row.venue,
    symbol: row.symbol,
    side: row.side,
    quantity: BigInt(row.quantity),
    price: BigInt(row.price),
    fee: BigInt(row.fee),
    liquidity: row.liquidity,
    time: row.time,
    receivedAt: row.received_at,
  };
}

function proposalRow(p: ProposalRecord): ProposalRow {
  return {
    id: p.id,
    signal_id: p.signalId,
    strategy: p.strategy,
    venue: p.venue,
    symbol: p.symbol,
    timeframe: p.timeframe,
    side: p.side,
    order_type: p.orderType,
    reduce_only: p.reduceOnly ? 1 : 0,
    entry: p.entry.toString(),
    quantity: p.quantity.toString(),
    stop: text(p.stop),
    target: text(p.target),
    risk_money: p.riskMoney.toString(),
    risk_fraction: p.riskFraction,
    estimated_fees: p.estimatedFees.toString(),
    leverage: p.leverage,
    liquidation_price: text(p.liquidationPrice),
    regime: p.regime ?? null,
    sentiment_context: p.sentimentContext ?? null,
    whale_context: p.whaleContext ?? null,
    rationale: p.rationale,
    confidence: p.confidence,
    status: p.status,
    mode: p.mode,
    created_at: p.createdAt,
    expires_at: p.expiresAt,
    snoozed_until: p.snoozedUntil ?? null,
    min_price: text(p.minPrice),
    max_price: text(p.maxPrice),
    decided_at: p.decidedAt ?? null,
    decided_by: p.decidedBy ? JSON.stringify(p.decidedBy) : null,
    client_order_id: p.clientOrderId ?? null,
    reason: p.reason ?? null,
    price_scale: p.priceScale,
    quantity_scale: p.quantityScale,
  };
}

function fromProposalRow(row: ProposalRow): ProposalRecord {
  return {
    id: row.id,
    signalId: row.signal_id,
    strategy: row.strategy,
    venue: row.venue,
    symbol: row.symbol,
    timeframe: row.timeframe,
    side: row.side,
    orderType: row.order_type,
    reduceOnly: row.reduce_only === 1,
    entry: BigInt(row.entry),
    quantity: BigInt(row.quantity),
    ...optional('stop', units(row.stop)),
    ...optional('target', units(row.target)),
    riskMoney: BigInt(row.risk_money),
    riskFraction: row.risk_fraction,
    estimatedFees: BigInt(row.estimated_fees),
    leverage: row.leverage,
    ...optional('liquidationPrice', units(row.liquidation_price)),
    ...optional('regime', row.regime),
    ...optional('sentimentContext', row.sentiment_context),
    ...optional('whaleContext', row.whale_context),
    rationale: row.rationale,
    confidence: row.confidence,
    status: row.status,
    mode: row.mode,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...optional('snoozedUntil', row.snoozed_until),
    ...optional('minPrice', units(row.min_price)),
    ...optional('maxPrice', units(row.max_price)),
    ...optional('decidedAt', row.decided_at),
    ...optional('decidedBy', row.decided_by === null ? null : (JSON.parse(row.decided_by) as Decider)),
    ...optional('clientOrderId', row.client_order_id),
    ...optional('reason', row.reason),
    priceScale: row.price_scale,
    quantityScale: row.quantity_scale,
  };
}

/** A WHERE clause built from optional filters, with its parameters in order. */
class Where {
  private readonly clauses: string[] = [];
  readonly params: (string | number)[] = [];

  add(clause: string, ...params: (string | number)[]): void {
    this.clauses.push(clause);
    this.params.push(...params);
  }

  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}
