import '../trading/trading.css';
import './risk-panel.css';
import { useStore } from 'zustand';
import { formatClock, formatMoney, formatPercent } from '../trading/trading-format';
import { useTradingStore } from '../trading/use-trading';
import { KillSwitch } from './kill-switch';
import { STATE_MEANING, usageRows } from './risk-usage';

/** The risk engine at a glance: its state and the kill switch, each limit's usage, and the portfolio's VaR. */
export function RiskPanel() {
  const store = useTradingStore();
  const risk = useStore(store, (s) => s.risk);
  const loadError = useStore(store, (s) => s.loadErrors.risk ?? null);
  if (!risk) return <p className={loadError ? 'alert blotter-alert' : 'trading-empty'}>{loadError ?? 'Loading the risk state…'}</p>;
  const rows = usageRows(risk);
  const v = risk.valueAtRisk;
  return (
    <div className="risk-panel" data-testid="risk-panel">
      <div className={`risk-state risk-state-${risk.state}`} data-testid="risk-state" data-state={risk.state}>
        <div className="risk-state-text">
          <span className="risk-state-name">{risk.state.replace('_', ' ')}</span>
          <span className="risk-state-meaning">
            {STATE_MEANING[risk.state]}
            {risk.reason && <span className="risk-reason"> — {risk.reason}</span>}
          </span>
        </div>
        <KillSwitch store={store} state={risk.state} />
      </div>
      <div className="risk-body">
        <ul className="usage-list" aria-label="Limit usage">
          {rows.map((r) => (
            <li key={r.key} className="usage-row" data-testid="usage-row" data-key={r.key} data-level={r.level}>
              <span className="usage-label">{r.label}</span>
              <span className="usage-text mono">{r.text}</span>
              <span className="usage-bar">
                <span className="usage-fill" data-level={r.level} style={{ width: `${Math.min(100, r.share * 100).toFixed(1)}%` }} />
              </span>
            </li>
          ))}
          {risk.usage.cooldownUntil !== undefined && risk.usage.cooldownUntil > Date.now() && (
            <li className="usage-cooldown">Cooling down after repeated stop-outs until {formatClock(risk.usage.cooldownUntil)}</li>
          )}
        </ul>
        <div className="risk-side">
          <div className="var-box" data-testid="var">
            <span className="portfolio-label">1-day VaR {v ? formatPercent(v.confidence, 0) : ''}</span>
            <span className="var-value mono">{v ? formatMoney(v.var) : '—'}</span>
            <span className="portfolio-label">CVaR (expected shortfall)</span>
            <span className="var-value mono">{v ? formatMoney(v.cvar) : '—'}</span>
            <span className="var-note">{v ? `historical, ${v.observations} days` : 'Not enough history yet'}</span>
          </div>
          <div className="var-box">
            <span className="portfolio-label">Equity (open PnL included)</span>
            <span className="var-value mono">{formatMoney(risk.usage.equity)}</span>
            <span className="var-note">max order {formatMoney(risk.limits.maxOrderNotional)} · max position {formatMoney(risk.limits.maxPositionNotional)}</span>
          </div>
        </div>
      </div>
    </div>
  );
}
