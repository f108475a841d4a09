import { useMemo } from 'react';
import type { StrategyInfo, WalkForwardResult } from '../../engine-client/api-types';
import { formatPercent, formatRatio, formatSignedPercent, formatSpan, metricCards } from './backtest-format';
import { useBacktestLab, useBacktestLabStore } from './backtest-store';
import { CURVE_COLORS, drawdownLine, equityLine } from './curve-data';
import { EquityChart } from './equity-chart';
import { RunBar } from './job-progress';
import type { LabActions } from './lab-actions';
import { OBJECTIVE_LABELS, checkWalkForward } from './search-form';
import { Field } from './setup-view';
import { WindowTimeline } from './window-timeline';
import { ConfigForm, useSearchForm } from './config-form';
import { paramLabel } from './compare-rows';

type WalkforwardViewProps = { readonly strategies: readonly StrategyInfo[]; readonly actions: LabActions };

/** Optimise in-sample, test out-of-sample, window after window: the honest version of an optimisation. */
export function WalkforwardView({ strategies, actions }: WalkforwardViewProps) {
  const store = useBacktestLabStore();
  const job = useBacktestLab((state) => state.jobs.walkforward);
  const result = useBacktestLab((state) => state.walkforward);
  const { form, search, series, strategy, problems, submit } = useSearchForm(strategies);
  const varied = Object.entries(search.ranges).filter(([, r]) => r.vary).map(([name]) => name);
  const update = store.getState().updateSearch;

  const start = () => submit(checkWalkForward(form, search, strategy?.parameters, series), (config) => actions.walkForward(config));

  return (
    <div className="bt-walkforward" data-testid="bt-walkforward">
      <ConfigForm label="Walk-forward settings" onSubmit={start}>
        <p className="bt-hint">
          Each window optimises {varied.length > 0 ? varied.join(' and ') : 'the varied parameters'} ({search.method}, {OBJECTIVE_LABELS[search.objective].toLowerCase()}) in-sample — set in{' '}
          <button type="button" className="bt-link" onClick={() => store.getState().setView('optimize')}>
            Optimise
          </button>{' '}
          — then trades the best set on the out-of-sample span that follows.
        </p>
        <div className="bt-search-grid">
          <Field label="Mode">
            <select className="input" value={search.wfMode} onChange={(e) => update({ wfMode: e.target.value === 'anchored' ? 'anchored' : 'rolling' })} data-testid="bt-wf-mode">
              <option value="rolling">Rolling</option>
              <option value="anchored">Anchored</option>
            </select>
          </Field>
          <Field label="Out-of-sample windows">
            <input className="input" inputMode="numeric" value={search.wfWindows} onChange={(e) => update({ wfWindows: e.target.value })} data-testid="bt-wf-windows" />
          </Field>
          <Field label="In-sample share %">
            <input className="input" inputMode="decimal" value={search.wfInSamplePct} onChange={(e) => update({ wfInSamplePct: e.target.value })} data-testid="bt-wf-insample" />
          </Field>
        </div>
        <RunBar method="backtest.walkforward" action="Run walk-forward" busy="Running…" disabled={!strategy} job={job} jobLabel="Walk-forward" onCancel={() => void actions.cancel('walkforward')} testId="bt-wf-run" problems={problems} />
      </ConfigForm>
      {result ? <WalkforwardResults result={result} /> : <p className="bt-empty">Windows and the stitched out-of-sample equity appear here.</p>}
    </div>
  );
}

function WalkforwardResults({ result }: { readonly result: WalkForwardResult }) {
  // The parameters the search varied are the ones a window chooses; the others are the setup's.
  const ranges = useBacktestLab((state) => state.search.ranges);
  const shownParams = useMemo(() => {
    const all = Object.keys(result.windows[0]?.bestParams ?? {});
    const varied = all.filter((name) => ranges[name]?.vary);
    return varied.length > 0 ? varied : all;
  }, [result, ranges]);
  const stitched = result.stitched;
  const curves = useMemo(() => (stitched ? [{ id: result.id, label: 'Out-of-sample', color: CURVE_COLORS[0], points: equityLine(stitched.equity) }] : []), [result, stitched]);
  const drawdown = useMemo(() => (stitched ? drawdownLine(stitched.equity) : []), [stitched]);
  const headline = stitched ? metricCards(stitched.metrics).filter((c) => ['totalReturn', 'sharpe', 'maxDrawdown', 'trades'].includes(c.key)) : [];
  return (
    <div className="bt-wf-results" data-testid="bt-wf-result" data-windows={result.windows.length} data-state={result.state}>
      <div className="bt-results-head">
        <strong>
          {result.mode === 'rolling' ? 'Rolling' : 'Anchored'} walk-forward · {result.windows.length} windows
        </strong>
        {result.efficiency !== undefined && (
          <span title="Out-of-sample annualised return over in-sample, averaged over windows" data-testid="bt-wf-efficiency">
            efficiency <strong className="mono">{formatRatio(result.efficiency)}</strong>
          </span>
        )}
        {headline.map((card) => (
          <span key={card.key} className="bt-chip" data-tone={card.tone}>
            {card.label} <strong className="mono">{card.value}</strong>
          </span>
        ))}
        {result.message && <span className="bt-faint">{result.message}</span>}
      </div>
      <WindowTimeline windows={result.windows} />
      <div className="bt-optimize-body">
        <div className="bt-table-scroll">
          <table className="bt-table" data-testid="bt-wf-windows" aria-label="Walk-forward windows">
            <thead>
              <tr>
                <th>#</th>
                <th>In-sample</th>
                <th>Out-of-sample</th>
                <th>Best parameters</th>
                <th className="num">IS objective</th>
                <th className="num">IS return</th>
                <th className="num">OOS return</th>
                <th className="num">OOS Sharpe</th>
                <th className="num">OOS max DD</th>
                <th className="num">OOS trades</th>
              </tr>
            </thead>
            <tbody>
              {result.windows.map((w) => (
                <tr key={w.index} data-testid="bt-wf-window">
                  <td className="mono bt-faint">{w.index + 1}</td>
                  <td className="mono" title={`${w.inSample.bars.toLocaleString('en-US')} bars`}>
                    {formatSpan(w.inSample.from, w.inSample.to)}
                  </td>
                  <td className="mono" title={`${w.outOfSample.bars.toLocaleString('en-US')} bars`}>
                    {formatSpan(w.outOfSample.from, w.outOfSample.to)}
                  </td>
                  <td className="mono">
                    {paramLabel(w.bestParams, shownParams)}
                  </td>
                  <td className="mono num">{formatRatio(w.inSampleObjective, 3)}</td>
                  <td className={`mono num ${w.inSampleMetrics.totalReturn >= 0 ? 'bt-up' : 'bt-down'}`}>{formatSignedPercent(w.inSampleMetrics.totalReturn)}</td>
                  <td className={`mono num ${w.outOfSampleMetrics.totalReturn >= 0 ? 'bt-up' : 'bt-down'}`}>{formatSignedPercent(w.outOfSampleMetrics.totalReturn)}</td>
                  <td className="mono num">{formatRatio(w.outOfSampleMetrics.sharpe)}</td>
                  <td className="mono num">{formatPercent(-Math.abs(w.outOfSampleMetrics.maxDrawdown))}</td>
                  <td className="mono num">{w.outOfSampleMetrics.trades}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <section className="bt-section bt-section-chart" aria-label="Stitched out-of-sample equity">
          <h3 className="bt-heading">Stitched out-of-sample equity</h3>
          {stitched ? <EquityChart curves={curves} drawdown={drawdown} unit="money" label="Stitched out-of-sample equity" testId="bt-wf-equity" /> : <p className="bt-hint">Appears when the windows are done.</p>}
        </section>
      </div>
    </div>
  );
}
