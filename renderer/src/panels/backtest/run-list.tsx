import { useMemo, useState } from 'react';
import { useCan } from '../../app/access';
import { differingParams, paramLabel } from './compare-rows';
import { formatRatio, formatSignedPercent, formatUtcTime } from './backtest-format';
import { useBacktestLab } from './backtest-store';
import type { LabActions } from './lab-actions';
import { describeFailure } from './lab-actions';

/** Stored runs, newest first: open one in the results, or delete it. */
export function RunList({ actions }: { readonly actions: LabActions }) {
  const runs = useBacktestLab((state) => state.runs);
  const shown = useBacktestLab((state) => state.result?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const remove = useCan('backtest.delete');
  const differing = useMemo(() => differingParams(runs.map((r) => r.params)), [runs]);
  return (
    <fieldset className="bt-fieldset bt-runs">
      <legend>Stored runs</legend>
      {runs.length === 0 ? (
        <p className="bt-hint">No runs yet: results are stored and listed here.</p>
      ) : (
        <ul className="bt-run-list" data-testid="bt-run-list">
          {runs.map((run) => (
            <li key={run.id} className="bt-run-item" data-current={run.id === shown} data-testid="bt-run-item">
              <button type="button" className="bt-run-open" onClick={() => void actions.openRun(run.id)} title={`Open ${run.strategy} run of ${formatUtcTime(run.createdAt)}`}>
                <span className="bt-run-name">
                  {run.strategy} <span className="bt-faint">{run.symbol} {run.timeframe}</span>
                </span>
                <span className="bt-run-params mono">{paramLabel(run.params, differing)}</span>
                <span className="bt-run-figures mono">
                  <span className={run.metrics.totalReturn >= 0 ? 'bt-up' : 'bt-down'}>{formatSignedPercent(run.metrics.totalReturn)}</span>
                  <span className="bt-faint">Sharpe {formatRatio(run.metrics.sharpe)}</span>
                  <span className="bt-faint">{run.metrics.trades} tr</span>
                  <span className="bt-faint">{formatUtcTime(run.createdAt).slice(5)}</span>
                </span>
              </button>
              <button
                type="button"
                className="button button-quiet bt-icon"
                aria-label={`Delete ${run.strategy} run of ${formatUtcTime(run.createdAt)}`}
                disabled={!remove.allowed}
                title={remove.hint}
                data-testid="bt-run-delete"
                onClick={() => actions.deleteRun(run.id).catch((failure: unknown) => setError(describeFailure(failure)))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="bt-alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
