import type { Balance, Fill, Order, Position } from '../model/order';
import type { ExecutionClient } from './execution-client';
import type { OrderJournal, Scales, StoredOrder } from './order-journal';
import { LIVE_ORDER_STATUSES } from './order-state-machine';
import { errorMessage } from '../core/errors';

/** The engine's own positions and balances (the portfolio), compared with the venue's. */
export type AccountView = {
  positions(venue: string): readonly Position[];
  balances(venue: string): readonly Balance[];
};

export type CorrectionKind = 'order' | 'resent' | 'expired' | 'fill' | 'adopted' | 'position' | 'balance';

/** One difference with the venue that reconciliation corrected (each is also an order event in the journal). */
export type Correction = { readonly kind: CorrectionKind; readonly clientOrderId?: string; readonly detail: string };

export type ReconcileReport = {
  readonly reason: 'start' | 'reconnect' | 'manual';
  readonly venue: string;
  readonly at: number;
  readonly checkedOrders: number;
  readonly corrections: readonly Correction[];
};

export type ReconcileDeps = {
  readonly reason: ReconcileReport['reason'];
  readonly client: ExecutionClient;
  readonly journal: OrderJournal;
  readonly now: () => number;
  readonly resendWindowMs: number;
  readonly account?: AccountView;
  /** Scales for an order found at the venue that the journal never had (placed by hand, or lost). */
  readonly scalesOf?: (symbol: string) => Scales | undefined;
  readonly applyOrder: (order: Order) => StoredOrder | undefined;
  readonly applyFill: (fill: Fill) => boolean;
  readonly resend: (order: StoredOrder) => Promise<StoredOrder>;
  readonly expire: (order: StoredOrder, why: string) => StoredOrder;
  readonly onPosition: (position: Position) => void;
  readonly onBalance: (balance: Balance) => void;
};

/** Fills are asked for from a little before the last one known, so executions sharing its millisecond are not missed. */
const FILL_OVERLAP_MS = 1_000;
const FIRST_LOOKBACK_MS = 24 * 60 * 60_000;

/**
 * Brings the journal in line with the venue after a start or a reconnect: missed fills (recorded once),
 * the true state of every live order, intents the venue never received (sent again with the same id while
 * recent, expired otherwise), open orders the journal lacks, and positions and balances. Every correction
 * is written to the journal as a `reconcile` event.
 */
export async function reconcile(deps: ReconcileDeps): Promise<ReconcileReport> {
  const { client, journal } = deps;
  const venue = client.venue;
  const corrections: Correction[] = [];
  const record = (correction: Correction): void => {
    corrections.push(correction);
    journal.recordEvent({ clientOrderId: correction.clientOrderId, venue, kind: 'reconcile', detail: `${correction.kind}: ${correction.detail}`, at: deps.now() });
  };

  const live = journal.liveOrders(venue);
  const oldest = live.reduce((t, o) => Math.min(t, o.createdAt), deps.now() - FIRST_LOOKBACK_MS);
  const since = Math.max(0, (journal.lastFillTime(venue) ?? oldest) - FILL_OVERLAP_MS);
  for (const fill of await client.fetchFills(since)) {
    if (deps.applyFill(fill)) record({ kind: 'fill', clientOrderId: fill.clientOrderId, detail: `missed execution ${fill.id}: ${fill.side} ${fill.quantity} @ ${fill.price}` });
  }

  for (const order of live) {
    const before = journal.order(order.clientOrderId) ?? order;
    // Fills recorded above may have finished it already.
    if (!LIVE_ORDER_STATUSES.includes(before.status)) continue;
    const found = await client.fetchOrder(order.symbol, order.clientOrderId);
    if (!found) {
      if (before.status === 'pending' || before.status === 'submitted') {
        if (deps.now() - before.createdAt <= deps.resendWindowMs) {
          record({ kind: 'resent', clientOrderId: before.clientOrderId, detail: 'the venue never received it; sent again with the same id' });
          await deps.resend(before).catch((error: unknown) => {
            record({ kind: 'order', clientOrderId: before.clientOrderId, detail: `sending it again failed: ${errorMessage(error)}` });
          });
        } else {
          deps.expire(before, 'the venue never received it and it is too old to send after a restart');
          record({ kind: 'expired', clientOrderId: before.clientOrderId, detail: `never received by the venue; expired instead of sent ${Math.round((deps.now() - before.createdAt) / 1000)} s late` });
        }
      } else {
        deps.expire(before, 'the venue no longer knows this order');
        record({ kind: 'expired', clientOrderId: before.clientOrderId, detail: `was ${before.status} here but unknown to the venue` });
      }
      continue;
    }
    const after = deps.applyOrder(found);
    if (after && (after.status !== before.status || after.filledQuantity !== before.filledQuantity)) {
      record({
        kind: 'order',
        clientOrderId: before.clientOrderId,
        detail: `${before.status} (filled ${before.filledQuantity}) here, ${after.status} (filled ${after.filledQuantity}) at the venue`,
      });
    }
  }

  for (const order of await client.fetchOpenOrders()) {
    if (journal.order(order.clientOrderId)) continue;
    const scales = deps.scalesOf?.(order.symbol);
    if (!scales) {
      record({ kind: 'adopted', clientOrderId: order.clientOrderId, detail: `open at the venue, unknown here, and ${order.symbol} has no known precision: left alone` });
      continue;
    }
    deps.applyOrder(order);
    record({ kind: 'adopted', clientOrderId: order.clientOrderId, detail: `open at the venue and unknown here: journaled as ${order.status}` });
  }

  if (deps.account) await reconcileAccount(deps, deps.account, venue, record);
  return { reason: deps.reason, venue, at: deps.now(), checkedOrders: live.length, corrections };
}

async function reconcileAccount(deps: ReconcileDeps, account: AccountView, venue: string, record: (c: Correction) => void): Promise<void> {
  const venuePositions = await deps.client.fetchPositions();
  const local = new Map(account.positions(venue).map((p) => [p.symbol, p]));
  for (const position of venuePositions) {
    const mine = local.get(position.symbol);
    local.delete(position.symbol);
    if (mine && mine.quantity === position.quantity && mine.entryPrice === position.entryPrice) continue;
    record({ kind: 'position', detail: `${position.symbol}: ${mine ? `${mine.quantity} @ ${mine.entryPrice}` : 'none'} here, ${position.quantity} @ ${position.entryPrice} at the venue` });
    deps.onPosition(position);
  }
  for (const mine of local.values()) {
    if (mine.quantity === 0n) continue;
    record({ kind: 'position', detail: `${mine.symbol}: ${mine.quantity} here, flat at the venue` });
    deps.onPosition({ ...mine, quantity: 0n, entryPrice: 0n, unrealizedPnl: 0n, updatedAt: deps.now() });
  }
  const balances = new Map(account.balances(venue).map((b) => [b.asset, b]));
  for (const balance of await deps.client.fetchBalances()) {
    const mine = balances.get(balance.asset);
    if (mine && mine.total === balance.total && mine.free === balance.free) continue;
    record({ kind: 'balance', detail: `${balance.asset}: ${mine ? `${mine.total} (free ${mine.free})` : 'none'} here, ${balance.total} (free ${balance.free}) at the venue` });
    deps.onBalance(balance);
  }
}
