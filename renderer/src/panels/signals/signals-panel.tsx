import './signals-panel.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useCan } from '../../app/access';
import { useEngineClient, useMarket } from '../../app/stores-context';
import type { AttachmentInfo, SeriesKey, Signal, StrategyInfo, UserFolderReport } from '../../engine-client/api-types';
import { AttachForm } from './attach-form';
import { paramSummary } from './signal-state';
import { useSignals } from './use-signals';
import { errorText } from '../../format/format';

/** Strategies on the selected series: attach one, see what runs and how it is doing, and the signals it gave. */
export function SignalsPanel() {
  const client = useEngineClient();
  const instrument = useMarket((state) => state.instrument);
  const timeframe = useMarket((state) => state.timeframe);
  const series = useMemo<SeriesKey | null>(() => (instrument ? { venue: instrument.venue, symbol: instrument.symbol, timeframe } : null), [instrument, timeframe]);
  const [strategies, setStrategies] = useState<readonly StrategyInfo[]>([]);
  const [userFolder, setUserFolder] = useState<UserFolderReport | null>(null);
  const [running, setRunning] = useState<readonly AttachmentInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { signals } = useSignals(client, series, 200);

  useEffect(() => {
    client.call('strategy.list', {}).then(
      (list) => {
        setStrategies(list.strategies);
        setUserFolder(list.userFolder);
      },
      (failure: unknown) => setError(errorText(failure)),
    );
  }, [client]);

  const refresh = useCallback(() => {
    if (!series) return;
    client.call('strategy.running', { series }).then(setRunning, (failure: unknown) => setError(errorText(failure)));
  }, [client, series]);
  // The running list carries the last signal and the status: refresh it as signals arrive.
  useEffect(refresh, [refresh, signals.length]);

  const detach = (id: string) => {
    client.call('strategy.detach', { id }).then(refresh, (failure: unknown) => setError(errorText(failure)));
  };

  if (!series) return <p className="muted">Pick a series to run strategies on it.</p>;
  const newestFirst = [...signals].reverse();
  return (
    <div className="signals-panel" data-testid="signals-panel">
      <AttachForm client={client} series={series} strategies={strategies} onAttached={refresh} />
      {userFolder && userFolder.errors.length > 0 && (
        <details className="signals-load-errors">
          <summary>{userFolder.errors.length} user strategy file{userFolder.errors.length > 1 ? 's' : ''} not loaded</summary>
          <ul>
            {userFolder.errors.map((e) => (
              <li key={e.file}>{e.message}</li>
            ))}
          </ul>
        </details>
      )}
      {error && (
        <p role="alert" className="signals-error">
          {error}
        </p>
      )}
      <RunningList running={running} strategies={strategies} onDetach={detach} />
      <h3 className="signals-heading">
        Signals <span className="signals-count">{signals.length}</span>
      </h3>
      {newestFirst.length === 0 ? (
        <p className="signals-note" data-testid="signals-empty">
          No signals on {series.symbol} {series.timeframe} yet.
        </p>
      ) : (
        <ol className="signal-list" data-testid="signal-list">
          {newestFirst.map((s) => (
            <SignalCard key={s.id} signal={s} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** The strategies attached to the series, each with its state and a Detach button. */
export function RunningList({ running, strategies, onDetach }: { readonly running: readonly AttachmentInfo[]; readonly strategies: readonly StrategyInfo[]; readonly onDetach: (id: string) => void }) {
  const detach = useCan('strategy.detach');
  if (running.length === 0) return <p className="signals-note">No strategy runs on this series.</p>;
  return (
    <ul className="running-list" aria-label="Running strategies">
      {running.map((a) => (
        <li key={a.id} className="running-row" data-testid="running-strategy" data-strategy={a.strategy} data-state={a.status.state}>
          <span className="running-dot" />
          <div className="running-text">
            <div>
              <strong>{a.strategy}</strong> <span className="running-params">{paramSummary(strategies.find((s) => s.name === a.strategy)?.parameters, a.params)}</span>
            </div>
            {a.status.error ? (
              <div className="running-error">{a.status.error}</div>
            ) : (
              <div className="running-meta">
                {a.status.state}
                {a.lastBarTime !== null && ` · last bar ${formatTime(a.lastBarTime)}`}
                {a.lastSignal && ` · last ${a.lastSignal.direction} ${formatTime(a.lastSignal.time)}`}
              </div>
            )}
          </div>
          <button
            type="button"
            className="button button-quiet running-detach"
            onClick={() => onDetach(a.id)}
            disabled={!detach.allowed}
            title={detach.hint}
            aria-label={`Detach ${a.strategy}`}
            data-testid="detach-strategy"
          >
            Detach
          </button>
        </li>
      ))}
    </ul>
  );
}

function SignalCard({ signal: s }: { readonly signal: Signal }) {
  return (
    <li className={`signal-card direction-${s.direction}${s.suppressed ? ' suppressed' : ''}`} data-testid="signal-row" data-direction={s.direction} data-suppressed={s.suppressed ? 'true' : 'false'}>
      <div className="signal-line">
        <span className={`direction-badge badge-${s.direction}`}>{s.direction}</span>
        <span className="signal-strategy">{s.strategy}</span>
        <span className="signal-time mono">{formatTime(s.time)}</span>
      </div>
      <div className="signal-line signal-numbers mono">
        <span title="reference price (bar close)">@ {formatPrice(s.price)}</span>
        <span title="strength">str {s.strength.toFixed(2)}</span>
        {s.stop !== undefined && <span className="signal-stop">stop {formatPrice(s.stop)}</span>}
        {s.target !== undefined && <span className="signal-target">tgt {formatPrice(s.target)}</span>}
        {s.regime && <span className={`regime-chip regime-${s.regime}`}>{s.regime}</span>}
      </div>
      <div className="signal-rationale">{s.rationale}</div>
      {s.suppressed && <div className="signal-suppressed">Held back: {s.suppressed}</div>}
    </li>
  );
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
}

function formatPrice(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) >= 1000 ? 2 : 6 });
}
