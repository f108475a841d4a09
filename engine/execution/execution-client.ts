import type { Balance, Fill, Order, OrderAmendment, OrderRequest, Position } from '../model/order';

/** What a venue pushes to the engine: order updates, executions, positions, wallet. */
export type ExecutionEvents = {
  readonly onOrder?: (order: Order) => void;
  readonly onFill?: (fill: Fill) => void;
  readonly onPosition?: (position: Position) => void;
  readonly onBalance?: (balance: Balance) => void;
  /** The private stream dropped and came back: the engine reconciles, since events may have been missed. */
  readonly onReconnect?: () => void;
};

/**
 * The engine's side of a trading venue. `sim` (paper and backtest) and `bybit` (through ccxt) implement it;
 * the ExecutionEngine sees no difference. Failures are EngineErrors: retryable ones (timeouts, 10006,
 * disconnects) may be retried with the SAME clientOrderId; operational ones (rejections, 110007) are final.
 */
export type ExecutionClient = {
  readonly venue: string;
  /**
   * Sends an order. Idempotent by clientOrderId: a request whose id the venue already knows resolves
   * to that existing order, never a second one (Bybit's duplicate orderLinkId answer is mapped to a lookup).
   */
  submit(request: OrderRequest): Promise<Order>;
  cancel(symbol: string, clientOrderId: string): Promise<Order>;
  amend(symbol: string, clientOrderId: string, changes: OrderAmendment): Promise<Order>;
  /** Undefined when the venue has never seen that id: the order was not received and is safe to send. */
  fetchOrder(symbol: string, clientOrderId: string): Promise<Order | undefined>;
  fetchOpenOrders(symbol?: string): Promise<readonly Order[]>;
  /** Executions since `since` (venue time), for reconciliation after a crash or a reconnect. */
  fetchFills(since: number, symbol?: string): Promise<readonly Fill[]>;
  fetchPositions(): Promise<readonly Position[]>;
  fetchBalances(): Promise<readonly Balance[]>;
  /** Starts the private streams; returns a function that stops delivering to these handlers. */
  subscribe(events: ExecutionEvents): () => void;
  close(): Promise<void>;
};
