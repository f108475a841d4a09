import './backtest-lab.css';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useEngineClient, useMarket } from '../../app/stores-context';
import type { StrategyInfo } from '../../engine-client/api-types';
import { defaultValues } from '../signals/signal-state';
import { seriesId } from './backtest-form';
import { formatRatio, formatSignedPercent } from './backtest-format';
import { jobFraction, useBacktestLab, useBacktestLabStore, type LabSize, type LabView } from './backtest-store';
import { CompareView } from './compare-view';
import { LabActions, describeFailure } from './lab-actions';
import { OptimizeView } from './optimize-view';
import { ResultsView } from './results-view';
import { SetupView } from './setup-view';
import { WalkforwardView } from './walkforward-view';

const VIEWS: readonly { id: LabView; label: string }[] = [
  { id: 'setup', label: 'Setup' },
  { id: 'results', label: 'Results' },
  { id: 'compare', label: 'Compare' },
  { id: 'optimize', label: 'Optimise' },
  { id: 'walkforward', label: 'Walk-forward' },
];

/**
 * The backtest lab, docked under the chart: a bar with its views and the shown run's headline while
 * collapsed; opened, it takes the lower part of the main area (the chart keeps the top, with the run's
 * trades on it), or most of the window when enlarged.
 */
export function BacktestPanel() {
  const client = useEngineClient();
  const store = useBacktestLabStore();
  const actions = useMemo(() => new LabActions(client, store), [client, store]);
  const view = useBacktestLab((state) => state.view);
  const size = useBacktestLab((state) => state.size);
  const [strategies, setStrategies] = useState<readonly StrategyInfo[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => actions.follow(), [actions]);
  useFormDefaults(strategies);
  useEffect(() => {
    void actions.loadRuns();
    client.call('strategy.list', {}).then(
      (list) => setStrategies(list.strategies),
      (failure: unknown) => setError(`Could not load strategies: ${describeFailure(failure)}`),
    );
  }, [actions, client]);

  const select = (next: LabView) => store.getState().setView(next);
  // Arrow keys move between the views, as in every tablist; Escape folds the lab back into its bar.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      store.getState().setSize('collapsed');
      return;
    }
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = VIEWS.findIndex((v) => v.id === view);
    const next = VIEWS[(index + (event.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length];
    if (!next) return;
    select(next.id);
    document.getElementById(`bt-tab-${next.id}`)?.focus();
  };

  return (
    <div className="bt-lab" data-size={size} data-testid="backtest-lab">
      <div className="bt-bar">
        <h2 className="panel-title bt-title">Backtest lab</h2>
        <div className="bt-tabs" role="tablist" aria-label="Backtest lab views" onKeyDown={onKeyDown}>
          {VIEWS.map(({ id, label }) => {
            const active = id === view && size !== 'collapsed';
            return (
              <button
                key={id}
                id={`bt-tab-${id}`}
                type="button"
                role="tab"
                className="panel-tab"
                aria-selected={active}
                aria-controls="bt-view"
                tabIndex={id === view ? 0 : -1}
                data-testid={`bt-tab-${id}`}
                onClick={() => (active ? store.getState().setSize('collapsed') : select(id))}
              >
                {label}
              </button>
            );
          })}
        </div>
        <Headline />
        <SizeButtons size={size} onSize={(next) => store.getState().setSize(next)} />
      </div>
      {error && (
        <p role="alert" className="bt-alert bt-bar-alert">
          {error}
        </p>
      )}
      {size !== 'collapsed' && (
        <div className="bt-view" id="bt-view" role="tabpanel" aria-labelledby={`bt-tab-${view}`}>
          {view === 'setup' && <SetupView strategies={strategies} actions={actions} />}
          {view === 'results' && <ResultsView />}
          {view === 'compare' && <CompareView actions={actions} />}
          {view === 'optimize' && <OptimizeView strategies={strategies} actions={actions} />}
          {view === 'walkforward' && <WalkforwardView strategies={strategies} actions={actions} />}
        </div>
      )}
    </div>
  );
}

/** A fresh lab starts on the first strategy with its defaults, and on the chart's series. */
function useFormDefaults(strategies: readonly StrategyInfo[]): void {
  const store = useBacktestLabStore();
  const form = useBacktestLab((state) => state.form);
  const instrument = useMarket((state) => state.instrument);
  const timeframe = useMarket((state) => state.timeframe);
  const series = useMarket((state) => state.series);
  useEffect(() => {
    const first = strategies[0];
    const chart = instrument ? seriesId({ ...instrument, timeframe }) : '';
    // A remembered series this engine does not store gives way to the chart's.
    const knownSeries = series.some((s) => seriesId(s) === form.series);
    const patch = {
      ...(first && !strategies.some((s) => s.name === form.strategy) ? { strategy: first.name, params: defaultValues(first.parameters) } : {}),
      ...(!knownSeries && chart !== '' && series.length > 0 && chart !== form.series ? { series: chart } : {}),
    };
    if (Object.keys(patch).length > 0) store.getState().updateForm(patch);
  }, [strategies, form.strategy, form.series, instrument, timeframe, series, store]);
}

/** What the collapsed bar says: the job running, or the shown run's return and Sharpe. */
function Headline() {
  const result = useBacktestLab((state) => state.result);
  const jobs = useBacktestLab((state) => state.jobs);
  const running = Object.values(jobs).find((job) => job.state === 'running');
  if (running) {
    return (
      <span className="bt-headline" data-testid="bt-headline">
        {running.kind === 'backtest' ? 'Backtesting' : running.kind === 'optimize' ? 'Optimising' : 'Walk-forward'} {Math.round(jobFraction(running) * 100)}%
        <span className="bt-mini-progress">
          <i style={{ width: `${jobFraction(running) * 100}%` }} />
        </span>
      </span>
    );
  }
  if (!result) return <span className="bt-headline bt-faint">Test a strategy on stored history</span>;
  return (
    <span className="bt-headline" data-testid="bt-headline">
      {result.strategy} · {result.symbol} {result.timeframe} ·{' '}
      <span className={result.metrics.totalReturn >= 0 ? 'bt-up' : 'bt-down'}>{formatSignedPercent(result.metrics.totalReturn)}</span> · Sharpe {formatRatio(result.metrics.sharpe)} · {result.metrics.trades} trades
    </span>
  );
}

function SizeButtons({ size, onSize }: { readonly size: LabSize; readonly onSize: (size: LabSize) => void }) {
  return (
    <div className="bt-size" role="group" aria-label="Lab size">
      {size !== 'collapsed' && (
        <button type="button" className="button button-quiet bt-icon" onClick={() => onSize('collapsed')} aria-label="Collapse the lab" title="Collapse" data-testid="bt-collapse">
          ▾
        </button>
      )}
      {size !== 'open' && (
        <button type="button" className="button button-quiet bt-icon" onClick={() => onSize('open')} aria-label="Open the lab under the chart" title="Open under the chart" data-testid="bt-open">
          {size === 'collapsed' ? '▴' : '▭'}
        </button>
      )}
      {size !== 'tall' && (
        <button type="button" className="button button-quiet bt-icon" onClick={() => onSize('tall')} aria-label="Enlarge the lab" title="Enlarge" data-testid="bt-enlarge">
          ⤒
        </button>
      )}
    </div>
  );
}
