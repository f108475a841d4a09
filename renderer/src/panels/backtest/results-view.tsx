import { useMemo } from 'react';
import { useEngineClient, useMarket, useStores } from '../../app/stores-context';
import type { BacktestResult } from '../../engine-client/api-types';
import { isTimeframe } from '../../stores/timeframes';
import { formatUtcDate, metricCards } from './backtest-format';
import { useBacktestLab, useBacktestLabStore } from './backtest-store';
import { CURVE_COLORS, drawdownLine, equityLine } from './curve-data';
import { EquityChart } from './equity-chart';
import { RegimeTable } from './regime-table';
import { TradesTable } from './trades-table';
import { ValidationSection } from './validation-section';

/** One run: its figures, equity and drawdown, trades (click to see one on the chart) and results by regime. */
export function ResultsView() {
  const result = useBacktestLab((state) => state.result);
  if (!result) return <p className="bt-empty" data-testid="bt-no-result">Run a backtest, or open a stored run, to see its results here.</p>;
  return <Results result={result} />;
}

function Results({ result }: { readonly result: BacktestResult }) {
  const store = useBacktestLabStore();
  const client = useEngineClient();
  const { market } = useStores();
  const focus = useBacktestLab((state) => state.focus);
  const showOnChart = useBacktestLab((state) => state.showOnChart);
  const instrument = useMarket((state) => state.instrument);
  const timeframe = useMarket((state) => state.timeframe);
  const onChart = instrument?.venue === result.venue && instrument.symbol === result.symbol && timeframe === result.timeframe;
  const cards = useMemo(() => metricCards(result.metrics), [result]);
  const curves = useMemo(() => [{ id: result.id, label: result.strategy, color: CURVE_COLORS[0], points: equityLine(result.equity) }], [result]);
  const drawdown = useMemo(() => drawdownLine(result.equity), [result]);
  const focused = focus?.runId === result.id ? focus.tradeIndex : null;

  const focusTrade = (index: number) => {
    // The chart follows the run's series, so the trade is there to be framed.
    if (!onChart && isTimeframe(result.timeframe)) market.getState().selectSeries({ venue: result.venue, symbol: result.symbol, timeframe: result.timeframe });
    store.getState().setShowOnChart(true);
    store.getState().focusTrade(result.id, index);
  };

  return (
    <div className="bt-results" data-testid="bt-results" data-run={result.id}>
      <div className="bt-results-head">
        <strong>{result.strategy}</strong>
        <span className="bt-faint">
          {result.symbol} · {result.timeframe} · {result.venue} · {formatUtcDate(result.from)} → {formatUtcDate(result.to)}
        </span>
        <span className="bt-params mono">
          {Object.entries(result.params)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(' · ')}
        </span>
        <label className="bt-check bt-push">
          <input type="checkbox" checked={showOnChart} onChange={(e) => store.getState().setShowOnChart(e.target.checked)} data-testid="bt-show-on-chart" />
          Trades on the chart
        </label>
        {!onChart && isTimeframe(result.timeframe) && (
          <button
            type="button"
            className="button button-quiet bt-small"
            onClick={() => {
              if (isTimeframe(result.timeframe)) market.getState().selectSeries({ venue: result.venue, symbol: result.symbol, timeframe: result.timeframe });
              store.getState().setShowOnChart(true);
            }}
          >
            Show {result.symbol} {result.timeframe} on the chart
          </button>
        )}
      </div>
      <ul className="bt-cards" aria-label="Metrics">
        {cards.map((card) => (
          <li key={card.key} className="bt-card" data-tone={card.tone} data-testid={`bt-metric-${card.key}`} title={card.hint}>
            <span className="bt-card-label">{card.label}</span>
            <span className="bt-card-value mono">{card.value}</span>
            {card.detail && <span className="bt-card-detail">{card.detail}</span>}
          </li>
        ))}
      </ul>
      <div className="bt-results-body">
        <section className="bt-section bt-section-chart" aria-label="Equity and drawdown">
          <h3 className="bt-heading">Equity & drawdown</h3>
          <EquityChart curves={curves} drawdown={drawdown} unit="money" label={`Equity of ${result.strategy}`} testId="bt-equity" />
        </section>
        <section className="bt-section bt-section-trades" aria-label="Trades">
          <h3 className="bt-heading">
            Trades <span className="bt-faint">{result.trades.length}</span>
          </h3>
          <TradesTable result={result} focused={focused} onFocus={focusTrade} />
        </section>
        <section className="bt-section bt-section-regimes" aria-label="By regime">
          <h3 className="bt-heading">By regime</h3>
          <RegimeTable rows={result.byRegime} />
          <h3 className="bt-heading bt-heading-gap">Validation</h3>
          <ValidationSection key={result.id} client={client} result={result} />
        </section>
      </div>
    </div>
  );
}
