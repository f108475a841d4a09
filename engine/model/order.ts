import type { Units } from '../core/money';

/**
 * Orders, fills, positions and balances. Prices are integer units of the instrument's `priceScale`,
 * quantities of its `quantityScale`; account money (cash, fees, PnL, equity) is integer units of
 * MONEY_SCALE in the settlement currency. Floats appear only at the edges (parsers, display, charts).
 */
export const MONEY_SCALE = 8;

export type OrderSide = 'buy' | 'sell';

/** `stop-market` triggers a market order when the trigger price trades; `stop-limit` a limit order. */
export type OrderType = 'market' | 'limit' | 'stop-market' | 'stop-limit';

export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'post-only';

/**
 * An order's life. `pending`: journaled, not yet sent. `submitted`: sent, no answer yet (after a crash
 * or a timeout this is the state reconciliation resolves). Terminal: filled, cancelled, rejected, expired.
 */
export type OrderStatus = 'pending' | 'submitted' | 'open' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = ['filled', 'cancelled', 'rejected', 'expired'];

/** What the engine asks a venue to do; `clientOrderId` is deterministic, so a resubmission is idempotent. */
export type OrderRequest = {
  readonly clientOrderId: string;
  readonly venue: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: Units;
  /** Limit price of `limit` and `stop-limit` orders. */
  readonly price?: Units;
  /** Trigger price of `stop-market` and `stop-limit` orders. */
  readonly triggerPrice?: Units;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  /** Attached protective orders, placed by the venue once the entry fills. */
  readonly stopLoss?: Units;
  readonly takeProfit?: Units;
  /** Where the order came from, for the audit trail. */
  readonly proposalId?: string;
  readonly strategy?: string;
  readonly createdAt: number;
};

/** An order as the engine knows it now. */
export type Order = OrderRequest & {
  readonly status: OrderStatus;
  readonly venueOrderId?: string;
  readonly filledQuantity: Units;
  /** Volume-weighted fill price so far, in price units. */
  readonly averagePrice?: Units;
  readonly updatedAt: number;
  /** The venue's or the risk engine's words when rejected. */
  readonly reason?: string;
};

export type Liquidity = 'maker' | 'taker';

/** One execution. `id` is the venue's execution id, unique per venue, so a fill is never counted twice. */
export type Fill = {
  readonly id: string;
  readonly clientOrderId: string;
  readonly venueOrderId?: string;
  readonly venue: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: Units;
  readonly price: Units;
  /** In MONEY_SCALE units of the settlement currency; negative for a rebate. */
  readonly fee: Units;
  readonly liquidity: Liquidity;
  /** Venue time of the execution. */
  readonly time: number;
  readonly receivedAt: number;
};

/** A one-way position: positive quantity long, negative short, zero flat. */
export type Position = {
  readonly venue: string;
  readonly symbol: string;
  readonly quantity: Units;
  /** Average entry price in price units; 0 when flat. */
  readonly entryPrice: Units;
  /** MONEY_SCALE units. */
  readonly realizedPnl: Units;
  readonly unrealizedPnl: Units;
  readonly leverage: number;
  readonly liquidationPrice?: Units;
  readonly updatedAt: number;
};

/** MONEY_SCALE units of one asset. */
export type Balance = {
  readonly venue: string;
  readonly asset: string;
  readonly total: Units;
  readonly free: Units;
  readonly updatedAt: number;
};

/** Changes a trader may make to a resting order. */
export type OrderAmendment = {
  readonly quantity?: Units;
  readonly price?: Units;
  readonly triggerPrice?: Units;
  readonly stopLoss?: Units;
  readonly takeProfit?: Units;
};
