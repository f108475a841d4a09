import { useMemo, useState, type KeyboardEvent } from 'react';
import type { BacktestResult } from '../../engine-client/api-types';
import { formatDuration, formatSignedMoney, formatSignedPercent, formatTradePrice, formatUtcTime } from './backtest-format';
import { nextSort, sortTrades, tradeDuration, type TradeSort, type TradeSortKey } from './trade-sort';

type TradesTableProps = {
  readonly result: BacktestResult;
  readonly focused: number | null;
  readonly onFocus: (tradeIndex: number) => void;
};

const MAX_ROWS = 1_000;

const COLUMNS: readonly { key: TradeSortKey | null; label: string; numeric?: boolean }[] = [
  { key: 'entryTime', label: '#' },
  { key: 'side', label: 'Side' },
  { key: null, label: 'Entry' },
  { key: null, label: 'Exit' },
  { key: 'duration', label: 'Held', numeric: true },
  { key: 'returnFraction', label: 'Return', numeric: true },
  { key: 'pnl', label: 'PnL', numeric: true },
  { key: 'fees', label: 'Fees', numeric: true },
  { key: 'exitReason', label: 'Exit by' },
  { key: 'regime', label: 'Regime' },
];

/**
 * The run's trades, sortable by any figure. A click (or Enter on a focused row) frames that trade on the
 * main chart; arrow keys move between rows.
 */
export function TradesTable({ result, focused, onFocus }: TradesTableProps) {
  const [sort, setSort] = useState<TradeSort>({ key: 'entryTime', direction: 'asc' });
  const sorted = useMemo(() => sortTrades(result.trades, sort, result.to), [result, sort]);
  // A long run can have tens of thousands of trades: the table shows the first ones in the chosen order.
  const rows = sorted.length > MAX_ROWS ? sorted.slice(0, MAX_ROWS) : sorted;

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onFocus(index);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const row = event.currentTarget;
      const next = (event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  };

  if (result.trades.length === 0) return <p className="bt-hint" data-testid="bt-no-trades">The strategy made no trade in this run.</p>;
  return (
    <div className="bt-table-scroll">
      <table className="bt-table" data-testid="bt-trades" aria-label="Trades (click one to show it on the chart)">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column.label} className={column.numeric ? 'num' : undefined} aria-sort={column.key && sort.key === column.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                {column.key ? (
                  <button type="button" className="bt-sort" onClick={() => setSort(nextSort(sort, column.key as TradeSortKey))} data-testid={`bt-sort-${column.key}`}>
                    {column.label}
                    {sort.key === column.key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((trade) => (
            <tr
              key={trade.index}
              tabIndex={0}
              className="bt-trade-row"
              aria-selected={trade.index === focused}
              data-testid="bt-trade-row"
              data-index={trade.index}
              data-pnl={trade.pnl}
              onClick={() => onFocus(trade.index)}
              onKeyDown={(event) => onKeyDown(event, trade.index)}
            >
              <td className="mono bt-faint">{trade.index + 1}</td>
              <td>
                <span className={`bt-side bt-side-${trade.side}`}>{trade.side}</span>
              </td>
              <td className="mono">
                {formatUtcTime(trade.entryTime).slice(5)} <span className="bt-faint">@ {formatTradePrice(trade.entryPrice)}</span>
              </td>
              <td className="mono">
                {trade.exitTime === undefined ? (
                  <span className="bt-faint">open</span>
                ) : (
                  <>
                    {formatUtcTime(trade.exitTime).slice(5)} <span className="bt-faint">@ {trade.exitPrice === undefined ? '' : formatTradePrice(trade.exitPrice)}</span>
                  </>
                )}
              </td>
              <td className="mono num">{formatDuration(tradeDuration(trade, result.to))}</td>
              <td className={`mono num ${trade.returnFraction >= 0 ? 'bt-up' : 'bt-down'}`}>{formatSignedPercent(trade.returnFraction)}</td>
              <td className={`mono num ${trade.pnl >= 0 ? 'bt-up' : 'bt-down'}`}>{formatSignedMoney(trade.pnl)}</td>
              <td className="mono num bt-faint">{trade.fees.toFixed(2)}</td>
              <td>{trade.exitReason}</td>
              <td>{trade.regime ? <span className={`regime-chip regime-${trade.regime}`}>{trade.regime}</span> : <span className="bt-faint">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > rows.length && (
        <p className="bt-hint bt-table-note">
          Showing {rows.length.toLocaleString('en-US')} of {sorted.length.toLocaleString('en-US')} trades; sort by another column to bring others up.
        </p>
      )}
    </div>
  );
}
