import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../core/backoff';
import type { Clock } from '../core/clock';
import { EngineError, errorMessage, TransientError } from '../core/errors';
import { hash } from 'node:crypto';
import type { Balance, Fill, Order, OrderRequest, Position } from '../model/order';
import type { ExecutionClient } from './execution-client';
import { mergeVenueOrder } from './order-merge';
import type { OrderJournal, Scales, StoredOrder } from './order-journal';
import { isTerminal } from './order-state-machine';
import { reconcile, type AccountView, type ReconcileReport } from './reconciliation';

/** What the engine tells the rest of the kernel, after the journal has it. */
export type ExecutionListener = {
  readonly onOrder?: (order: StoredOrder) => void;
  /** A fill seen for the first time (never twice for one venue execution id). */
  readonly onFill?: (fill: Fill, order: StoredOrder | undefined) => void;
  readonly onPosition?: (position: Position) => void;
  readonly onBalance?: (balance: Balance) => void;
  readonly onReconciled?: (report: ReconcileReport) => void;
};

export type ExecutionEngineConfig = {
  readonly client: ExecutionClient;
  readonly journal: OrderJournal;
  readonly clock: Clock;
  readonly listener?: ExecutionListener;
  /** The engine's own view of positions and balances, compared with the venue's on reconciliation. */
  readonly account?: AccountView;
  /** Precision of a symbol, for adopting an open order the journal never had. */
  readonly scalesOf?: (symbol: string) => Scales | undefined;
  /** Attempts per submission, the first included; retryable failures only. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffPolicy;
  /** How to wait between attempts: real time live, the test clock's time in a backtest. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** An intent the venue never received is sent again by reconciliation only while younger than this. */
  readonly resendWindowMs?: number;
  readonly log?: (message: string, error?: unknown) => void;
};

/** An order to place: the request without its id and times, plus the key that makes its id deterministic. */
export type OrderIntent = Omit<OrderRequest, 'clientOrderId' | 'createdAt' | 'venue'> &
  Scales & {
    /** What the order is for (a proposal id): the same key and attempt always give the same client order id. */
    readonly key: string;
    readonly attempt?: number;
  };

const DEFAULT_RESEND_WINDOW_MS = 60_000;

/** The client order id of an intent: deterministic, ≤ 36 characters as Bybit requires. */
export function clientOrderIdFor(key: string, attempt = 0): string {
  if (key === lastKey && attempt === lastAttempt) return lastId;
  lastId = deterministicIdFast('st', `${key}\u001f${attempt}`);
  lastKey = key;
  lastAttempt = attempt;
  return lastId;
}
// The backtest's order router and the engine ask for the same order's id one after the other: the last one is kept.
let lastKey = '';
let lastAttempt = -1;
let lastId = '';

/**
 * deterministicId(prefix, ...parts) for parts already joined with U+001F, through the one-shot hash function
 * (about half the cost of a Hash object, once or twice per order); the proposal and execution tests check that
 * both give the same ids.
 */
export function deterministicIdFast(prefix: string, joined: string): string {
  return `${prefix}-${hash('sha256', joined, 'base64url')}`.slice(0, 36);
}

/**
 * Places and tracks orders on one venue. Every intent is journaled `pending` and then `submitted` before
 * the venue is called; a retryable failure is retried with the SAME client order id after asking the venue
 * whether it already has the order; venue reports are merged through the order state machine; fills are
 * recorded once per venue execution id. On start and on every reconnect it reconciles with the venue.
 * The same code runs live, on paper and in backtests (a TestClock and a synchronous sim client).
 */
export class ExecutionEngine {
  private readonly inFlight = new Map<string, Promise<StoredOrder>>();
  private reconciling: Promise<ReconcileReport> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly config: ExecutionEngineConfig) {
    this.maxAttempts = config.maxAttempts ?? 4;
    this.sleep = config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.log = config.log ?? (() => {});
  }

  get venue(): string {
    return this.config.client.venue;
  }

  get journal(): OrderJournal {
    return this.config.journal;
  }

  /** Listens to the venue's private streams and reconciles once before anything is sent. */
  async start(): Promise<ReconcileReport> {
    const listener = this.config.listener;
    this.unsubscribe = this.config.client.subscribe({
      onOrder: (order) => this.guard('an order update', () => this.applyOrder(order)),
      onFill: (fill) => this.guard('a fill', () => this.applyFill(fill)),
      // Passed on only to a listener that takes them: a venue may then skip building them (the paper client does).
      ...(listener?.onPosition ? { onPosition: (position: Position) => listener.onPosition?.(position) } : {}),
      ...(listener?.onBalance ? { onBalance: (balance: Balance) => listener.onBalance?.(balance) } : {}),
      onReconnect: () => {
        this.reconcile('reconnect').catch((error: unknown) => this.log('reconciliation after a reconnect failed', error));
      },
    });
    return this.reconcile('start');
  }

  /** Some order is being sent to the venue right now. */
  sending(): boolean {
    return this.inFlight.size > 0;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /**
   * Places an intent once. Called again with the same key and attempt, it returns the journaled order
   * (or resumes sending one that was journaled but never answered), so a double click or a restart
   * never sends a second order.
   */
  submit(intent: OrderIntent, alongside?: () => void): Promise<StoredOrder> {
    const clientOrderId = clientOrderIdFor(intent.key, intent.attempt);
    const running = this.inFlight.get(clientOrderId);
    const existing = running ? undefined : this.config.journal.order(clientOrderId);
    if (running || existing) {
      if (alongside) this.config.journal.transaction(alongside);
      if (running) return running;
      if (existing && existing.status !== 'pending' && existing.status !== 'submitted') return Promise.resolve(existing);
    }
    const order = existing ?? this.journalIntent(clientOrderId, intent, alongside);
    const sending = this.send(order).finally(() => this.inFlight.delete(clientOrderId));
    this.inFlight.set(clientOrderId, sending);
    return sending;
  }

  /** Cancels a live order; an order never sent is cancelled here, a finished one is returned as it is. */
  async cancel(clientOrderId: string): Promise<StoredOrder> {
    const order = this.config.journal.order(clientOrderId);
    if (!order) throw new EngineError(`no order ${clientOrderId}`, 'operational');
    if (isTerminal(order.status)) return order;
    if (order.status === 'pending' && !this.inFlight.has(clientOrderId)) {
      return this.write(order, { status: 'cancelled', reason: 'cancelled before it was sent' }, 'status');
    }
    const reported = await this.config.client.cancel(order.symbol, clientOrderId);
    return this.applyOrder(reported) ?? order;
  }

  /**
   * Cancels every live order of this venue that could add risk (the kill switch); reduce-only orders, the
   * stop-losses and targets protecting open positions among them, stay. Failures are logged and the rest still go.
   */
  async cancelAll(): Promise<StoredOrder[]> {
    const results: StoredOrder[] = [];
    for (const order of this.config.journal.liveOrders(this.venue)) {
      if (order.reduceOnly) continue;
      try {
        results.push(await this.cancel(order.clientOrderId));
      } catch (error) {
        this.log(`cancelling ${order.clientOrderId} failed`, error);
      }
    }
    return results;
  }

  /** Brings the journal in line with the venue; concurrent calls share one run. */
  reconcile(reason: 'start' | 'reconnect' | 'manual'): Promise<ReconcileReport> {
    if (this.reconciling) return this.reconciling;
    this.reconciling = reconcile({
      reason,
      client: this.config.client,
      journal: this.config.journal,
      now: () => this.config.clock.now(),
      resendWindowMs: this.config.resendWindowMs ?? DEFAULT_RESEND_WINDOW_MS,
      account: this.config.account,
      scalesOf: this.config.scalesOf,
      applyOrder: (order) => this.applyOrder(order),
      applyFill: (fill) => this.applyFill(fill),
      resend: (order) => this.submitJournaled(order),
      expire: (order, why) => this.write(order, { status: 'expired', reason: why }, 'reconcile'),
      onPosition: (position) => this.config.listener?.onPosition?.(position),
      onBalance: (balance) => this.config.listener?.onBalance?.(balance),
    })
      .then((report) => {
        this.config.listener?.onReconciled?.(report);
        return report;
      })
      .finally(() => {
        this.reconciling = undefined;
      });
    return this.reconciling;
  }

  /**
   * Merges a venue report into the journal through the state machine. Stale reports (an "open" that
   * arrives after "filled") are dropped; returns the order as journaled, or undefined for an order the
   * engine never placed (reconciliation adopts those).
   */
  applyOrder(reported: Order): StoredOrder | undefined {
    let current = this.config.journal.order(reported.clientOrderId);
    if (!current) return this.adopt(reported);
    // The venue knows an order journaled as never sent: it was sent, whatever the journal missed.
    if (current.status === 'pending') current = this.writeQuiet(current, { status: 'submitted' }, 'reconcile');
    const fills = this.config.journal.fills({ clientOrderId: current.clientOrderId, limit: 10_000 });
    const merged = mergeVenueOrder(current, reported, fills, this.config.clock.now());
    if (!merged) return current;
    return this.write(current, merged, 'status');
  }

  /** Records a fill once and moves its order on; returns false for an execution already counted. */
  applyFill(fill: Fill): boolean {
    const journal = this.config.journal;
    let order: StoredOrder | undefined;
    let changed = false;
    const fresh = journal.transaction(() => {
      if (!journal.recordFill(fill)) return false;
      const current = journal.order(fill.clientOrderId);
      if (current) {
        const fills = journal.fills({ clientOrderId: current.clientOrderId, limit: 10_000 });
        const merged = mergeVenueOrder(current, { ...current, venueOrderId: current.venueOrderId ?? fill.venueOrderId }, fills, this.config.clock.now());
        changed = merged !== undefined;
        order = merged ? this.writeQuiet(current, merged, 'status') : current;
      }
      return true;
    });
    if (!fresh) return false;
    if (order && changed) this.config.listener?.onOrder?.(order);
    this.config.listener?.onFill?.(fill, order);
    return true;
  }

  /**
   * An order the venue reports that the engine did not place: the protective orders a venue attaches to
   * an entry (`<id>:sl`, `<id>:tp` on the sim venue) or an order placed elsewhere. Journaled as reported,
   * so the blotter shows it; without the symbol's precision it is left to reconciliation.
   */
  private adopt(reported: Order): StoredOrder | undefined {
    const scales = this.config.scalesOf?.(reported.symbol);
    if (!scales) return undefined;
    // Only the two scales: the account may answer with the whole instrument, whose venue is the market's.
    const order: StoredOrder = { ...reported, priceScale: scales.priceScale, quantityScale: scales.quantityScale };
    this.config.journal.transaction(() => {
      this.config.journal.insertOrder(order);
      this.config.journal.recordEvent({ clientOrderId: order.clientOrderId, venue: order.venue, kind: 'status', status: order.status, detail: `reported by the venue as ${order.status}; not placed by this engine`, at: this.config.clock.now() });
    });
    this.config.listener?.onOrder?.(order);
    return order;
  }

  /**
   * Journals a new intent as `pending` and, in the same transaction, as `submitted`, the moment before
   * the venue call (with the caller's own records, such as the approval that made it): one commit on the
   * order path. Recovery is the same either way: an unanswered order is looked up at the venue.
   */
  private journalIntent(clientOrderId: string, intent: OrderIntent, alongside?: () => void): StoredOrder {
    const now = this.config.clock.now();
    // Field by field, every field present (undefined when unset): one object shape, copied cheaply below.
    const pending: StoredOrder = {
      clientOrderId,
      venue: this.venue,
      symbol: intent.symbol,
      side: intent.side,
      type: intent.type,
      quantity: intent.quantity,
      price: intent.price,
      triggerPrice: intent.triggerPrice,
      timeInForce: intent.timeInForce,
      reduceOnly: intent.reduceOnly,
      stopLoss: intent.stopLoss,
      takeProfit: intent.takeProfit,
      proposalId: intent.proposalId,
      strategy: intent.strategy,
      createdAt: now,
      status: 'pending',
      filledQuantity: 0n,
      updatedAt: now,
      priceScale: intent.priceScale,
      quantityScale: intent.quantityScale,
    };
    const submitted: StoredOrder = { ...pending, status: 'submitted' };
    const journal = this.config.journal;
    journal.transaction(() => {
      alongside?.();
      journal.insertOrder(pending);
      journal.recordEvent({ clientOrderId, venue: this.venue, kind: 'intent', status: 'pending', detail: describeIntent(pending), at: now });
      journal.updateOrder(submitted);
      journal.recordEvent({ clientOrderId, venue: this.venue, kind: 'status', status: 'submitted', detail: 'pending → submitted', at: now });
    });
    this.config.listener?.onOrder?.(pending);
    this.config.listener?.onOrder?.(submitted);
    return submitted;
  }

  private submitJournaled(order: StoredOrder): Promise<StoredOrder> {
    const running = this.inFlight.get(order.clientOrderId);
    if (running) return running;
    const sending = this.send(order).finally(() => this.inFlight.delete(order.clientOrderId));
    this.inFlight.set(order.clientOrderId, sending);
    return sending;
  }

  private async send(journaled: StoredOrder): Promise<StoredOrder> {
    const order = journaled.status === 'pending' ? this.write(journaled, { status: 'submitted' }, 'status') : journaled;
    const request = toRequest(order);
    for (let attempt = 1; ; attempt++) {
      try {
        const reported = await this.config.client.submit(request);
        return this.applyOrder(reported) ?? order;
      } catch (error) {
        const retryable = error instanceof EngineError && error.retryable;
        if (!retryable) {
          const reason = errorMessage(error);
          const current = this.config.journal.order(order.clientOrderId) ?? order;
          // The venue may already have answered on its stream; only a still-unanswered order is rejected.
          if (current.status !== 'submitted') return current;
          return this.write(current, { status: 'rejected', reason }, 'status');
        }
        this.event(order, 'retry', `attempt ${attempt} failed: ${describeError(error)}`);
        if (attempt >= this.maxAttempts) {
          throw new TransientError(`the venue did not confirm order ${order.clientOrderId} after ${attempt} attempts; reconciliation will settle it`, {
            cause: error,
          });
        }
        await this.sleep(backoffDelay(attempt - 1, this.config.backoff ?? DEFAULT_BACKOFF));
        // The failure may have come after the venue accepted the order: ask before sending again.
        const found = await this.lookup(order);
        if (found) return found;
      }
    }
  }

  private async lookup(order: StoredOrder): Promise<StoredOrder | undefined> {
    try {
      const found = await this.config.client.fetchOrder(order.symbol, order.clientOrderId);
      this.event(order, 'lookup', found ? `the venue has it (${found.status}); not sent again` : 'the venue never received it; sending again with the same id');
      return found ? (this.applyOrder(found) ?? order) : undefined;
    } catch (error) {
      // Sending again is still safe: the venue answers a known client order id with the existing order.
      this.event(order, 'lookup', `lookup failed (${describeError(error)}); sending again with the same id`);
      return undefined;
    }
  }

  private write(current: StoredOrder, changes: Partial<StoredOrder>, kind: 'status' | 'reconcile'): StoredOrder {
    const next = this.writeQuiet(current, changes, kind);
    this.config.listener?.onOrder?.(next);
    return next;
  }

  private writeQuiet(current: StoredOrder, changes: Partial<StoredOrder>, kind: 'status' | 'reconcile'): StoredOrder {
    const next: StoredOrder = { ...current, ...changes, updatedAt: this.config.clock.now() };
    this.config.journal.transaction(() => {
      this.config.journal.updateOrder(next);
      if (next.status !== current.status || kind === 'reconcile') {
        const detail = next.reason && next.status !== current.status ? `${current.status} → ${next.status}: ${next.reason}` : `${current.status} → ${next.status}`;
        this.config.journal.recordEvent({ clientOrderId: next.clientOrderId, venue: next.venue, kind, status: next.status, detail, at: next.updatedAt });
      }
    });
    return next;
  }

  private event(order: StoredOrder, kind: 'retry' | 'lookup', detail: string): void {
    this.config.journal.recordEvent({ clientOrderId: order.clientOrderId, venue: order.venue, kind, status: order.status, detail, at: this.config.clock.now() });
  }

  private guard(what: string, work: () => unknown): void {
    try {
      work();
    } catch (error) {
      this.log(`applying ${what} from ${this.venue} failed`, error);
    }
  }
}

function toRequest(order: StoredOrder): OrderRequest {
  return requestOf(order);
}

/**
 * The request fields of a journaled order, copied by name: an object rest that leaves some keys out is a slow
 * runtime copy, and this runs for every order sent.
 */
function requestOf(from: OrderRequest): OrderRequest {
  return {
    clientOrderId: from.clientOrderId,
    venue: from.venue,
    symbol: from.symbol,
    side: from.side,
    type: from.type,
    quantity: from.quantity,
    price: from.price,
    triggerPrice: from.triggerPrice,
    timeInForce: from.timeInForce,
    reduceOnly: from.reduceOnly,
    stopLoss: from.stopLoss,
    takeProfit: from.takeProfit,
    proposalId: from.proposalId,
    strategy: from.strategy,
    createdAt: from.createdAt,
  };
}

function describeIntent(order: StoredOrder): string {
  const price = order.price === undefined ? '' : ` @ ${order.price} (price units)`;
  return `${order.side} ${order.quantity} (quantity units) ${order.symbol} ${order.type}${price}${order.reduceOnly ? ' reduce-only' : ''}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
