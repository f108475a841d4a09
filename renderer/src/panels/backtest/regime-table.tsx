import type { RegimeBreakdown } from '../../engine-client/api-types';
import { formatPercent, formatSignedMoney, formatSignedPercent } from './backtest-format';

/** How the run did in each market regime: where the strategy earns, and where it gives it back. */
export function RegimeTable({ rows }: { readonly rows: readonly RegimeBreakdown[] }) {
  const onlyNone = rows.every((row) => row.regime === 'none');
  return (
    <div className="bt-regimes">
      <table className="bt-table" data-testid="bt-regimes" aria-label="Results by regime">
        <thead>
          <tr>
            <th>Regime</th>
            <th className="num">Bars</th>
            <th className="num">Trades</th>
            <th className="num">Win</th>
            <th className="num">Return</th>
            <th className="num">PnL</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.regime} data-testid="bt-regime-row" data-regime={row.regime}>
              <td>{row.regime === 'none' ? <span className="bt-faint">no regime</span> : <span className={`regime-chip regime-${row.regime}`}>{row.regime}</span>}</td>
              <td className="mono num">{row.bars.toLocaleString('en-US')}</td>
              <td className="mono num">{row.trades}</td>
              <td className="mono num">{row.trades === 0 ? '—' : formatPercent(row.winRate, 0)}</td>
              <td className={`mono num ${row.returnFraction >= 0 ? 'bt-up' : 'bt-down'}`}>{formatSignedPercent(row.returnFraction)}</td>
              <td className={`mono num ${row.pnl >= 0 ? 'bt-up' : 'bt-down'}`}>{formatSignedMoney(row.pnl)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {onlyNone && <p className="bt-hint">Set Regimes in Setup (fit on earlier bars, or replay the stored states) to split the results by regime.</p>}
    </div>
  );
}
