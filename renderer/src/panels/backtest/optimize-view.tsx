import { useEffect, useMemo, useState } from 'react';
import type { OptimizationResult, OptimizationSummary, StrategyInfo } from '../../engine-client/api-types';
import { formatDuration, formatPercent, formatRatio, formatSignedPercent, formatUtcTime } from './backtest-format';
import { useBacktestLab, useBacktestLabStore } from './backtest-store';
import { HeatmapView } from './heatmap-view';
import { variedParams } from './heatmap';
import { RunBar } from './job-progress';
import { describeFailure, type LabActions } from './lab-actions';
import { SCORE_KEYS, SCORE_LABELS, scoreOf, sortRows, type ScoreKey } from './optimization-table';
import { OBJECTIVE_LABELS, checkOptimization } from './search-form';
import { SearchSettings } from './search-settings';
import { ConfigForm, useSearchForm } from './config-form';

type OptimizeViewProps = { readonly strategies: readonly StrategyInfo[]; readonly actions: LabActions };

/** Search a strategy's parameters on the setup's data and costs: ranges, progress, the results table and a heatmap. */
export function OptimizeView({ strategies, actions }: OptimizeViewProps) {
  const job = useBacktestLab((state) => state.jobs.optimize);
  const result = useBacktestLab((state) => state.optimization);
  const { form, search, series, strategy, problems, submit } = useSearchForm(strategies);
  const start = () => submit(checkOptimization(form, search, strategy?.parameters, series), (config) => actions.optimize(config));

  return (
    <div className="bt-optimize" data-testid="bt-optimize">
      <ConfigForm label="Optimisation settings" onSubmit={start}>
        <p className="bt-hint">
          {strategy ? (
            <>
              <strong>{strategy.name}</strong> on the setup's series, dates, costs and sizing.
            </>
          ) : (
            'Choose a strategy in Setup first.'
          )}
        </p>
        <SearchSettings strategy={strategy} />
        <RunBar method="backtest.optimize" action="Optimise" busy="Optimising…" disabled={!strategy} job={job} jobLabel="Optimising" onCancel={() => void actions.cancel('optimize')} testId="bt-optimize-run" problems={problems} />
      </ConfigForm>
      <div className="bt-optimize-results">
        <PastOptimizations actions={actions} current={result?.id ?? null} finished={job?.state === 'done' ? (job.jobId ?? '') : ''} />
        {result ? <OptimizationResults result={result} /> : <p className="bt-empty">Results fill in here as the search runs.</p>}
      </div>
    </div>
  );
}

/** Stored optimisations, to open one again. */
function PastOptimizations({ actions, current, finished }: { readonly actions: LabActions; readonly current: string | null; readonly finished: string }) {
  const [past, setPast] = useState<readonly OptimizationSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    actions.listOptimizations().then(setPast, (failure: unknown) => setError(describeFailure(failure)));
  }, [actions, finished]);
  if (past.length === 0 && !error) return null;
  return (
    <div className="bt-past">
      <label className="bt-field-inline">
        Stored
        <select
          className="input"
          value={current ?? ''}
          data-testid="bt-past-optimizations"
          onChange={(e) => actions.openOptimization(e.target.value).catch((failure: unknown) => setError(describeFailure(failure)))}
        >
          {current === null && <option value="">Open a stored optimisation…</option>}
          {past.map((p) => (
            <option key={p.id} value={p.id}>
              {formatUtcTime(p.createdAt)} · {p.strategy} {p.symbol} {p.timeframe} · {p.method} · {p.evaluations} sets{p.state === 'done' ? '' : ` · ${p.state}`}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <span role="alert" className="bt-alert">
          {error}
        </span>
      )}
    </div>
  );
}

function OptimizationResults({ result }: { readonly result: OptimizationResult }) {
  const store = useBacktestLabStore();
  const [sortKey, setSortKey] = useState<ScoreKey>('objective');
  const [colorKey, setColorKey] = useState<ScoreKey>('fitness');
  const axes = useMemo(() => variedParams(result.rows), [result]);
  const [xParam, setX] = useState<string | null>(null);
  const [yParam, setY] = useState<string | null>(null);
  const x = xParam && axes.includes(xParam) ? xParam : (result.parameters[0] ?? axes[0] ?? '');
  const y = yParam && axes.includes(yParam) ? yParam : (result.parameters.find((p) => p !== x) ?? axes.find((p) => p !== x) ?? '');
  const rows = useMemo(() => sortRows(result.rows, sortKey), [result, sortKey]);
  const points = useMemo(() => result.rows.map((row) => ({ params: row.params, value: scoreOf(row, colorKey) })), [result, colorKey]);
  const paramNames = result.parameters.length > 0 ? result.parameters : axes;

  const backtest = (params: Readonly<Record<string, number | string | boolean>>) => {
    const state = store.getState();
    state.updateForm({ params: { ...state.form.params, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) } });
    state.setView('setup');
  };

  return (
    <div className="bt-optimization" data-testid="bt-optimization" data-rows={result.rows.length} data-state={result.state}>
      <div className="bt-results-head">
        <strong>
          {result.method === 'grid' ? 'Grid' : 'Genetic'} search · {OBJECTIVE_LABELS[result.objective]}
        </strong>
        <span className="bt-faint">
          {result.evaluations.toLocaleString('en-US')} sets · seed {result.seed} · {formatDuration(result.elapsedMs)} · {result.state}
          {result.message ? ` (${result.message})` : ''}
        </span>
      </div>
      <div className="bt-optimize-body">
        <div className="bt-table-scroll">
          <table className="bt-table" data-testid="bt-optimization-table" aria-label="Parameter sets, best first">
            <thead>
              <tr>
                <th>#</th>
                {paramNames.map((name) => (
                  <th key={name}>{name}</th>
                ))}
                {SCORE_KEYS.map((key) => (
                  <th key={key} className="num" aria-sort={sortKey === key ? 'descending' : undefined}>
                    <button type="button" className="bt-sort" onClick={() => setSortKey(key)} data-testid={`bt-opt-sort-${key}`}>
                      {SCORE_LABELS[key]}
                      {sortKey === key ? ' ▼' : ''}
                    </button>
                  </th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 200).map((row) => (
                <tr key={row.rank} data-testid="bt-opt-row" data-rank={row.rank}>
                  <td className="mono bt-faint">{row.rank}</td>
                  {paramNames.map((name) => (
                    <td key={name} className="mono">
                      {String(row.params[name] ?? '')}
                    </td>
                  ))}
                  <td className="mono num">{formatRatio(row.objective, 3)}</td>
                  <td className="mono num">{formatRatio(row.fitness, 3)}</td>
                  <td className="mono num">{formatRatio(row.components.survival)}</td>
                  <td className="mono num">{formatRatio(row.components.profit)}</td>
                  <td className="mono num">{formatRatio(row.components.adaptability)}</td>
                  <td className="mono num">{formatRatio(row.components.robustness)}</td>
                  <td className={`mono num ${row.metrics.totalReturn >= 0 ? 'bt-up' : 'bt-down'}`}>{formatSignedPercent(row.metrics.totalReturn)}</td>
                  <td className="mono num">{formatRatio(row.metrics.sharpe)}</td>
                  <td className="mono num">{formatPercent(-Math.abs(row.metrics.maxDrawdown))}</td>
                  <td className="mono num">{row.metrics.trades}</td>
                  <td>
                    <button type="button" className="button button-quiet bt-small" onClick={() => backtest(row.params)} title="Put these parameters in Setup" data-testid="bt-opt-use">
                      Use
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > 200 && <p className="bt-hint bt-table-note">The best 200 of {rows.length.toLocaleString('en-US')} sets by the sorted column; the heatmap shows them all.</p>}
        </div>
        <section className="bt-section bt-heatmap-section" aria-label="Heatmap">
          <div className="bt-heatmap-controls">
            <label className="bt-field-inline">
              X
              <select className="input" value={x} onChange={(e) => setX(e.target.value)} data-testid="bt-heatmap-x">
                {axes.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </label>
            <label className="bt-field-inline">
              Y
              <select className="input" value={y} onChange={(e) => setY(e.target.value)} data-testid="bt-heatmap-y">
                {axes.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </label>
            <label className="bt-field-inline">
              Colour
              <select className="input" value={colorKey} onChange={(e) => setColorKey(e.target.value as ScoreKey)} data-testid="bt-heatmap-color">
                {SCORE_KEYS.map((key) => (
                  <option key={key} value={key}>
                    {SCORE_LABELS[key]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {axes.length < 2 ? (
            <p className="bt-hint">Vary two parameters to map them.</p>
          ) : (
            <HeatmapView points={points} xParam={x} yParam={y} valueLabel={SCORE_LABELS[colorKey]} format={(v) => formatScore(colorKey, v)} />
          )}
        </section>
      </div>
    </div>
  );
}

function formatScore(key: ScoreKey, value: number): string {
  if (key === 'totalReturn') return formatSignedPercent(value, 1);
  if (key === 'maxDrawdown') return formatPercent(value, 1);
  if (key === 'trades') return String(Math.round(value));
  return formatRatio(value);
}
