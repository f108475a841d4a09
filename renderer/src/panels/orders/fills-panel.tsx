import '../trading/trading.css';
import './orders-panel.css';
import { useStore } from 'zustand';
import { formatClock, formatDecimal, formatMoney, sideLabel } from '../trading/trading-format';
import { useTradingStore } from '../trading/use-trading';

/** Every execution, newest first, as it arrives: price, size, fee and whether it made or took liquidity. */
export function FillsPanel() {
  const store = useTradingStore();
  const fills = useStore(store, (s) => s.fills);
  const loadError = useStore(store, (s) => s.loadErrors.fills ?? null);
  return (
    <div className="blotter" data-testid="fills-panel">
      {loadError && (
        <p className="alert blotter-alert" role="alert">
          {loadError}
        </p>
      )}
      {fills.length === 0 ? (
        <p className="trading-empty">No fills yet.</p>
      ) : (
        <table className="trading-table" data-testid="fills-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Symbol</th>
              <th>Side</th>
              <th className="num">Size</th>
              <th className="num">Price</th>
              <th className="num">Fee</th>
              <th>Liquidity</th>
              <th>Order</th>
            </tr>
          </thead>
          <tbody>
            {fills.map((f) => (
              <tr key={f.id} data-testid="fill-row">
                <td className="mono">{formatClock(f.time)}</td>
                <td>{f.symbol}</td>
                <td>
                  <span className={`side-badge side-${f.side}`}>{sideLabel(f.side)}</span>
                </td>
                <td className="num mono">{formatDecimal(f.quantity)}</td>
                <td className="num mono">{formatDecimal(f.price, 2)}</td>
                <td className="num mono">{formatMoney(f.fee)}</td>
                <td className="muted-cell">{f.liquidity}</td>
                <td className="muted-cell mono">{f.clientOrderId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
