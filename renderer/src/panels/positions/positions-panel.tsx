import '../trading/trading.css';
import './positions-panel.css';
import { useStore } from 'zustand';
import { useEngineClient } from '../../app/stores-context';
import { formatDecimal, formatMoney, formatPercent, formatSignedMoney, signOf } from '../trading/trading-format';
import type { ExposureView } from '../../engine-client/api-types';
import { useTradingStore } from '../trading/use-trading';
import { sparklinePoints } from './equity-sparkline';
import { useEquityHistory } from './use-equity-history';

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 26;

/** Equity and PnL at a glance, the open positions marked to market, and where the exposure sits. */
export function PositionsPanel() {
  const store = useTradingStore();
  const client = useEngineClient();
  const history = useEquityHistory(client);
  const portfolio = useStore(store, (s) => s.portfolio);
  const concentration = useStore(store, (s) => s.risk?.limits.maxConcentration);
  const loadError = useStore(store, (s) => s.loadErrors.portfolio ?? null);
  if (!portfolio) {
    return <p className={loadError ? 'alert blotter-alert' : 'trading-empty'}>{loadError ?? 'Loading the portfolio…'}</p>;
  }
  const open = portfolio.positions.filter((p) => p.side !== 'flat');
  return (
    <div className="positions-panel" data-testid="positions-panel">
      <div className="portfolio-figures">
        <Figure label={`Equity · ${portfolio.currency}`} value={formatMoney(portfolio.equity)} strong testId="equity" />
        <svg className="equity-sparkline" width={SPARK_WIDTH} height={SPARK_HEIGHT} viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`} aria-label="Equity over time" data-testid="equity-sparkline" data-points={history.length + 1}>
          <polyline points={sparklinePoints([...history, { time: Math.max(portfolio.updatedAt, history.at(-1)?.time ?? 0), value: Number(portfolio.equity) }], SPARK_WIDTH, SPARK_HEIGHT)} />
        </svg>
        <Figure label="Unrealised PnL" value={formatSignedMoney(portfolio.unrealizedPnl)} tone={signOf(portfolio.unrealizedPnl)} testId="unrealized-pnl" />
        <Figure label="Realised PnL" value={formatSignedMoney(portfolio.realizedPnl)} tone={signOf(portfolio.realizedPnl)} testId="realized-pnl" />
        <Figure label="Cash" value={formatMoney(portfolio.cash)} />
        <Figure label="Gross / net exposure" value={`${formatMoney(portfolio.grossExposure)} / ${formatMoney(portfolio.netExposure)}`} />
        <span className={`mode-chip mode-${portfolio.mode}`}>{portfolio.mode === 'live' ? 'LIVE' : 'PAPER'} · {portfolio.venue}</span>
      </div>
      <div className="positions-body">
        {open.length === 0 ? (
          <p className="trading-empty">No open positions.</p>
        ) : (
          <table className="trading-table" data-testid="positions-table">
            <thead>
              <tr>
                <th>Symbol</th>
                <th>Side</th>
                <th className="num">Size</th>
                <th className="num">Entry</th>
                <th className="num">Mark</th>
                <th className="num">Notional</th>
                <th className="num">Unrealised</th>
                <th className="num">Realised</th>
                <th className="num">Lev · liq</th>
              </tr>
            </thead>
            <tbody>
              {open.map((p) => (
                <tr key={`${p.venue}:${p.symbol}`} data-testid="position-row" data-symbol={p.symbol} data-side={p.side}>
                  <td>{p.symbol}</td>
                  <td>
                    <span className={`side-badge side-${p.side}`}>{p.side.toUpperCase()}</span>
                  </td>
                  <td className="num mono">{formatDecimal(p.quantity.replace(/^-/, ''))}</td>
                  <td className="num mono">{formatDecimal(p.entryPrice, 2)}</td>
                  <td className="num mono">{formatDecimal(p.markPrice, 2)}</td>
                  <td className="num mono">{formatMoney(p.notional)}</td>
                  <td className={`num mono pnl-${signOf(p.unrealizedPnl)}`}>{formatSignedMoney(p.unrealizedPnl)}</td>
                  <td className={`num mono pnl-${signOf(p.realizedPnl)}`}>{formatSignedMoney(p.realizedPnl)}</td>
                  <td className="num mono">
                    {p.leverage}×{p.liquidationPrice ? ` · ${formatDecimal(p.liquidationPrice, 2)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Exposure exposure={portfolio.exposure} limit={concentration} />
      </div>
    </div>
  );
}

function Exposure({ exposure, limit }: { readonly exposure: readonly ExposureView[]; readonly limit: number | undefined }) {
  const rows = [...exposure].filter((e) => Number(e.notional) !== 0).sort((a, b) => b.fraction - a.fraction);
  return (
    <section className="exposure" aria-label="Exposure per instrument" data-testid="exposure">
      <h3 className="exposure-title">Exposure by symbol{limit !== undefined && <span className="exposure-limit"> · limit {formatPercent(limit, 0)} each</span>}</h3>
      {rows.length === 0 ? (
        <p className="exposure-none">Flat.</p>
      ) : (
        rows.map((e) => {
          const over = limit !== undefined && e.fraction > limit;
          // The bar's full width is the larger of the limit and the largest share, so the limit line stays in view.
          const scale = Math.max(limit ?? 0, rows[0]?.fraction ?? 0, 0.0001);
          return (
            <div key={`${e.venue}:${e.symbol}`} className="exposure-row" data-testid="exposure-row" data-over={over ? 'true' : 'false'}>
              <span className="exposure-symbol" title={e.symbol}>
                {e.symbol}
              </span>
              <span className="usage-bar exposure-bar">
                <span className="usage-fill" data-level={over ? 'over' : 'ok'} style={{ width: `${Math.min(100, (e.fraction / scale) * 100).toFixed(1)}%` }} />
                {limit !== undefined && <span className="exposure-mark" style={{ left: `${Math.min(100, (limit / scale) * 100).toFixed(1)}%` }} />}
              </span>
              <span className="exposure-figure mono">
                {Number(e.notional) < 0 ? 'short' : 'long'} {formatMoney(Math.abs(Number(e.notional)))} · {formatPercent(e.fraction, 1)}
              </span>
            </div>
          );
        })
      )}
    </section>
  );
}

function Figure({ label, value, tone, strong, testId }: { readonly label: string; readonly value: string; readonly tone?: string; readonly strong?: boolean; readonly testId?: string }) {
  return (
    <div className={`portfolio-figure${strong ? ' portfolio-figure-strong' : ''}`}>
      <span className="portfolio-label">{label}</span>
      <span className={`portfolio-value mono${tone ? ` pnl-${tone}` : ''}`} data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
