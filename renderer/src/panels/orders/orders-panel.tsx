import '../trading/trading.css';
import './orders-panel.css';
import { useState } from 'react';
import { useStore } from 'zustand';
import { useAccess, VIEW_ONLY_HINT } from '../../app/access';
import { useEngineClient } from '../../app/stores-context';
import { formatClock, formatDecimal, sideLabel } from '../trading/trading-format';
import type { OrderView } from '../../engine-client/api-types';
import { useTradingStore } from '../trading/use-trading';
import { filledShare, isOpen, statusTone } from './order-status';
import { errorText } from '../../format/format';

/** The order blotter: live order states with their colours, open ones first on request, cancel for working orders. */
export function OrdersPanel() {
  const client = useEngineClient();
  const store = useTradingStore();
  const orders = useStore(store, (s) => s.orders);
  const loadError = useStore(store, (s) => s.loadErrors.orders ?? null);
  const [openOnly, setOpenOnly] = useState(false);
  const [cancelling, setCancelling] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const { canTrade } = useAccess();
  const shown = openOnly ? orders.filter(isOpen) : orders;
  const openCount = orders.filter(isOpen).length;

  const cancel = (order: OrderView): void => {
    setError(null);
    setCancelling((current) => new Set(current).add(order.clientOrderId));
    client.call('orders.cancel', { clientOrderId: order.clientOrderId }).then(
      (updated) => {
        store.getState().applyOrder(updated);
        setCancelling((current) => without(current, order.clientOrderId));
      },
      (failure: unknown) => {
        setCancelling((current) => without(current, order.clientOrderId));
        setError(`Cancel ${order.symbol} ${order.clientOrderId}: ${errorText(failure)}`);
      },
    );
  };

  return (
    <div className="blotter" data-testid="orders-panel">
      <div className="blotter-toolbar">
        <label className="switch">
          <input type="checkbox" role="switch" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} data-testid="orders-open-only" />
          <span className="switch-track" />
          <span className="switch-label">Open only</span>
        </label>
        <span className="blotter-count">
          {openCount} open · {orders.length} shown
        </span>
      </div>
      {(error ?? loadError) && (
        <p className="alert blotter-alert" role="alert">
          {error ?? loadError}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="trading-empty">{openOnly ? 'No open orders.' : 'No orders yet. Approved proposals become orders here.'}</p>
      ) : (
        <table className="trading-table" data-testid="orders-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Symbol</th>
              <th>Side</th>
              <th>Type</th>
              <th className="num">Size</th>
              <th className="num">Filled</th>
              <th className="num">Price</th>
              <th className="num">Avg fill</th>
              <th className="num">SL / TP</th>
              <th>Status</th>
              <th>Strategy</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <tr key={o.clientOrderId} data-testid="order-row" data-status={o.status} data-client-order-id={o.clientOrderId}>
                <td className="mono">{formatClock(o.createdAt)}</td>
                <td>{o.symbol}</td>
                <td>
                  <span className={`side-badge side-${o.side}`}>{sideLabel(o.side)}</span>
                </td>
                <td>
                  {o.type}
                  {o.reduceOnly && <span className="trading-tag"> RO</span>}
                </td>
                <td className="num mono">{formatDecimal(o.quantity)}</td>
                <td className="num mono">
                  {formatDecimal(o.filledQuantity)}
                  <span className="fill-bar" aria-hidden="true">
                    <span style={{ width: `${(filledShare(o) * 100).toFixed(0)}%` }} />
                  </span>
                </td>
                <td className="num mono">{o.price ? formatDecimal(o.price, 2) : o.triggerPrice ? `@${formatDecimal(o.triggerPrice, 2)}` : 'market'}</td>
                <td className="num mono">{formatDecimal(o.averagePrice, 2)}</td>
                <td className="num mono">
                  {o.stopLoss || o.takeProfit ? `${formatDecimal(o.stopLoss, 2)} / ${formatDecimal(o.takeProfit, 2)}` : '—'}
                </td>
                <td>
                  <span className={`order-status status-${statusTone(o.status)}`} title={o.reason}>
                    {o.status}
                  </span>
                  {o.reason && <span className="order-reason"> {o.reason}</span>}
                </td>
                <td className="muted-cell">{o.strategy ?? 'manual'}</td>
                <td>
                  {isOpen(o) && (
                    <button
                      type="button"
                      className="button button-quiet blotter-cancel"
                      data-testid="cancel-order"
                      disabled={cancelling.has(o.clientOrderId) || !canTrade}
                      title={canTrade ? undefined : VIEW_ONLY_HINT}
                      onClick={() => cancel(o)}
                      aria-label={`Cancel ${sideLabel(o.side)} ${o.symbol} ${o.clientOrderId}`}
                    >
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function without(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  next.delete(id);
  return next;
}
