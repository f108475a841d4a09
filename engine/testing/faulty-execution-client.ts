import { TransientError, VenueError } from '../core/errors';
import type { ExecutionClient, ExecutionEvents } from '../execution/execution-client';
import type { Order, OrderAmendment, OrderRequest } from '../model/order';

/**
 * Faults a venue shows on the order path: a timeout AFTER the venue accepted the order (the ambiguous
 * case), a retryable failure before it received anything, a final rejection, and a dropped stream.
 */
export type SubmitFault = 'timeout-after-accept' | 'fail-before-accept' | 'reject';

/**
 * Wraps a real ExecutionClient and injects faults into its submissions, in order, one per call. It also
 * records every request that reached the venue and lets a test look at the engine's journal at the
 * moment of each call (`beforeSubmit`), which is how "journaled before sent" is checked.
 */
export class FaultyExecutionClient implements ExecutionClient {
  readonly venue: string;
  readonly received: OrderRequest[] = [];
  readonly lookups: string[] = [];
  private readonly faults: SubmitFault[] = [];
  private readonly listeners = new Set<ExecutionEvents>();
  private readonly unsubscribe: () => void;
  /** While true, stream events are dropped, as during a disconnect. */
  private disconnected = false;
  beforeSubmit: ((request: OrderRequest) => void) | undefined;

  constructor(private readonly inner: ExecutionClient) {
    this.venue = inner.venue;
    this.unsubscribe = inner.subscribe({
      onOrder: (o) => this.deliver((l) => l.onOrder?.(o)),
      onFill: (f) => this.deliver((l) => l.onFill?.(f)),
      onPosition: (p) => this.deliver((l) => l.onPosition?.(p)),
      onBalance: (b) => this.deliver((l) => l.onBalance?.(b)),
      onReconnect: () => this.deliver((l) => l.onReconnect?.()),
    });
  }

  /** Queues faults for the next submissions (one per call). */
  inject(...faults: SubmitFault[]): void {
    this.faults.push(...faults);
  }

  /** Stream events stop arriving (the venue still acts on orders). */
  disconnect(): void {
    this.disconnected = true;
  }

  /** The stream is back: listeners hear onReconnect and should reconcile what they missed. */
  reconnect(): void {
    this.disconnected = false;
    for (const listener of this.listeners) listener.onReconnect?.();
  }

  async submit(request: OrderRequest): Promise<Order> {
    this.beforeSubmit?.(request);
    const fault = this.faults.shift();
    if (fault === 'fail-before-accept') throw new TransientError('connection reset before the venue read the request');
    if (fault === 'reject') throw new VenueError('110007: insufficient balance');
    this.received.push(request);
    const order = await this.inner.submit(request);
    if (fault === 'timeout-after-accept') throw new TransientError('request timed out');
    return order;
  }

  cancel(symbol: string, clientOrderId: string): Promise<Order> {
    return this.inner.cancel(symbol, clientOrderId);
  }

  amend(symbol: string, clientOrderId: string, changes: OrderAmendment): Promise<Order> {
    return this.inner.amend(symbol, clientOrderId, changes);
  }

  fetchOrder(symbol: string, clientOrderId: string): Promise<Order | undefined> {
    this.lookups.push(clientOrderId);
    return this.inner.fetchOrder(symbol, clientOrderId);
  }

  fetchOpenOrders(symbol?: string) {
    return this.inner.fetchOpenOrders(symbol);
  }

  fetchFills(since: number, symbol?: string) {
    return this.inner.fetchFills(since, symbol);
  }

  fetchPositions() {
    return this.inner.fetchPositions();
  }

  fetchBalances() {
    return this.inner.fetchBalances();
  }

  subscribe(events: ExecutionEvents): () => void {
    this.listeners.add(events);
    return () => this.listeners.delete(events);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.listeners.clear();
    await this.inner.close();
  }

  private deliver(send: (listener: ExecutionEvents) => void): void {
    if (this.disconnected) return;
    for (const listener of this.listeners) send(listener);
  }
}
