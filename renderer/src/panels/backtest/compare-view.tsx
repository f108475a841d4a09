import { useMemo, useState } from 'react';
import { formatSignedPercent, formatUtcDate, formatUtcTime } from './backtest-format';
import { useBacktestLab } from './backtest-store';
import { COMPARE_ROWS, bestOf, differingParams, paramLabel } from './compare-rows';
import { CURVE_COLORS, returnLine } from './curve-data';
import { EquityChart } from './equity-chart';
import { describeFailure, type LabActions } from './lab-actions';

const MAX_COMPARED = 3;

/** Two or three stored runs side by side: every metric with the best marked, and their equity as returns on one axis. */
export function CompareView({ actions }: { readonly actions: LabActions }) {
  const runs = useBacktestLab((state) => state.runs);
  const compared = useBacktestLab((state) => state.compared);
  const [picked, setPicked] = useState<readonly string[]>(() => compared.map((r) => r.id));
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const toggle = (id: string) => {
    setPicked((current) => (current.includes(id) ? current.filter((p) => p !== id) : current.length >= MAX_COMPARED ? current : [...current, id]));
  };
  const compare = () => {
    setLoading(true);
    setError(null);
    actions
      .compare(picked)
      .catch((failure: unknown) => setError(describeFailure(failure)))
      .finally(() => setLoading(false));
  };
  const label = (i: number) => runLabel(compared[i]?.strategy, i);
  const storedDiffering = useMemo(() => differingParams(runs.map((r) => r.params)), [runs]);
  const differing = useMemo(() => differingParams(compared.map((r) => r.params)), [compared]);
  const curves = useMemo(() => compared.map((run, i) => ({ id: run.id, label: runLabel(run.strategy, i), color: CURVE_COLORS[i % CURVE_COLORS.length] ?? '#4c8dff', points: returnLine(run.equity) })), [compared]);

  return (
    <div className="bt-compare" data-testid="bt-compare">
      <fieldset className="bt-fieldset bt-compare-pick">
        <legend>Pick 2 or 3 runs</legend>
        {runs.length === 0 && <p className="bt-hint">No stored runs yet.</p>}
        <ul className="bt-pick-list">
          {runs.map((run) => (
            <li key={run.id}>
              <label className="bt-check" title={`${run.strategy} ${JSON.stringify(run.params)}`}>
                <input type="checkbox" checked={picked.includes(run.id)} disabled={!picked.includes(run.id) && picked.length >= MAX_COMPARED} onChange={() => toggle(run.id)} data-testid="bt-compare-pick" />
                <span>
                  {run.strategy} <span className="bt-faint">{run.symbol} {run.timeframe} · {formatUtcTime(run.createdAt)}</span>
                  <span className="bt-run-params mono">{paramLabel(run.params, storedDiffering)}</span>
                </span>
                <span className={`mono bt-push ${run.metrics.totalReturn >= 0 ? 'bt-up' : 'bt-down'}`}>{formatSignedPercent(run.metrics.totalReturn)}</span>
              </label>
            </li>
          ))}
        </ul>
        <button type="button" className="button button-primary" disabled={picked.length < 2 || loading} onClick={compare} data-testid="bt-compare-run">
          {loading ? 'Loading…' : `Compare ${picked.length || ''}`}
        </button>
        {error && (
          <p role="alert" className="bt-alert">
            {error}
          </p>
        )}
      </fieldset>
      {compared.length < 2 ? (
        <p className="bt-empty">Pick two or three runs and press Compare.</p>
      ) : (
        <div className="bt-compare-body">
          <div className="bt-table-scroll">
            <table className="bt-table bt-compare-table" data-testid="bt-compare-table">
              <thead>
                <tr>
                  <th>Metric</th>
                  {compared.map((run, i) => (
                    <th key={run.id} className="num" title={`${run.symbol} ${run.timeframe} ${formatUtcDate(run.from)} → ${formatUtcDate(run.to)}`}>
                      <i className="bt-swatch" style={{ background: CURVE_COLORS[i % CURVE_COLORS.length] }} />
                      {label(i)}
                      <div className="bt-faint bt-compare-params">{paramLabel(run.params, differing)}</div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {COMPARE_ROWS.map((row) => {
                  const best = bestOf(
                    row,
                    compared.map((r) => r.metrics),
                  );
                  return (
                    <tr key={row.key}>
                      <td>{row.label}</td>
                      {compared.map((run, i) => (
                        <td key={run.id} className="mono num" data-best={best.has(i)}>
                          {row.format(run.metrics[row.key])}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <section className="bt-section bt-section-chart" aria-label="Equity of the compared runs">
            <h3 className="bt-heading">Return over time</h3>
            <EquityChart curves={curves} unit="percent" label="Returns of the compared runs" testId="bt-compare-equity" />
          </section>
        </div>
      )}
    </div>
  );
}

function runLabel(strategy: string | undefined, index: number): string {
  return strategy ? `${index + 1}. ${strategy}` : '';
}
