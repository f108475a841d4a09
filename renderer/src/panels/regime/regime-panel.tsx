import './regime-panel.css';
import { useMemo, useState, type ReactNode } from 'react';
import { useCan } from '../../app/access';
import { useEngineClient, useMarket } from '../../app/stores-context';
import type { RegimeCurrent, RegimeLabel, RegimeModelSummary, SeriesKey } from '../../engine-client/api-types';
import { REGIME_COLORS, REGIME_NAMES } from './regime-colors';
import { driverWidths, featureName, formatDuration, formatPercent, heatColor, rankDrivers, stateNames } from './regime-view';
import { useRegime } from './use-regime';

const STATE_CHOICES = [2, 3, 4, 5, 6] as const;

/** The selected series' market regime: where it stands, how sure, for how long, and why. */
export function RegimePanel() {
  const client = useEngineClient();
  const instrument = useMarket((state) => state.instrument);
  const timeframe = useMarket((state) => state.timeframe);
  const key = useMemo<SeriesKey | null>(() => (instrument ? { ...instrument, timeframe } : null), [instrument, timeframe]);
  const view = useRegime(client, key);
  const [states, setStates] = useState(4);
  const fit = useCan('regime.fit');

  if (!key) return <p className="regime-note">Pick a series to see its regime.</p>;
  const fitControls = (
    <div className="regime-fit">
      <label>
        States{' '}
        <select className="picker" aria-label="Hidden states" value={states} onChange={(e) => setStates(Number(e.target.value))} disabled={view.fitting}>
          {STATE_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="regime-button" onClick={() => view.fit(states)} disabled={view.fitting || !fit.allowed} title={fit.hint} data-testid="regime-fit">
        {view.fitting ? 'Fitting…' : view.model ? 'Refit model' : 'Fit model'}
      </button>
      {view.fitting && <span className="regime-spinner" aria-label="Fitting" />}
      {view.fitting && view.progress && (
        <span className="regime-progress" data-testid="regime-progress">
          start {view.progress.restart + 1} of {view.progress.restarts} · iteration {view.progress.iteration}
        </span>
      )}
    </div>
  );
  return (
    <div className="regime-panel" data-testid="regime-panel" data-loaded={view.loaded} data-regime={view.current?.state?.regime ?? ''} data-fitting={view.fitting}>
      {view.error && (
        <p role="alert" className="regime-error">
          {view.error}
        </p>
      )}
      {view.loaded && !view.model && (
        <div className="regime-empty" data-testid="regime-empty">
          <p className="regime-note">
            No regime model for {key.symbol} {key.timeframe} yet. Fitting one learns the series&apos; hidden regimes from its stored candles.
          </p>
          {fitControls}
        </div>
      )}
      {view.model && view.current && <RegimeNow current={view.current} timeframe={key.timeframe} />}
      {view.model && <ModelInfo model={view.model}>{fitControls}</ModelInfo>}
    </div>
  );
}

function RegimeNow({ current, timeframe }: { readonly current: RegimeCurrent; readonly timeframe: SeriesKey['timeframe'] }) {
  const { state, explanation, model } = current;
  const names = stateNames(model.labels, REGIME_NAMES);
  if (!state) {
    return <p className="regime-note">Warming up: the features need {model.featureConfig.volumeWindow} unbroken bars after a gap.</p>;
  }
  const top = explanation?.topState ?? state.labels.indexOf(state.regime);
  const drivers = explanation ? rankDrivers(explanation.drivers) : [];
  const widths = driverWidths(drivers);
  return (
    <>
      <div className="regime-now" data-testid="regime-now" style={{ borderColor: REGIME_COLORS[state.regime].solid }}>
        <span className="regime-now-name" style={{ color: REGIME_COLORS[state.regime].solid }}>
          {names[top]}
        </span>
        <span className="regime-now-confidence" data-testid="regime-confidence">
          {formatPercent(state.confidence)} confidence
        </span>
        <span className="regime-now-duration">expected to last {formatDuration(state.expectedDuration, timeframe)}</span>
        <span className="regime-now-time">after the bar of {new Date(state.time).toISOString().slice(0, 16).replace('T', ' ')} UTC</span>
      </div>

      <h3 className="regime-heading">Probabilities</h3>
      <ul className="regime-probabilities" data-testid="regime-probabilities">
        {state.probabilities.map((p, s) => (
          <li key={s} className="regime-probability">
            <span className="regime-probability-name">{names[s]}</span>
            <span className="regime-probability-track">
              <span className="regime-probability-fill" style={{ width: `${(100 * p).toFixed(1)}%`, background: REGIME_COLORS[state.labels[s]!].solid }} />
            </span>
            <span className="regime-probability-value">{formatPercent(p)}</span>
          </li>
        ))}
      </ul>

      <h3 className="regime-heading">Transitions per bar (row → column)</h3>
      <table className="regime-heatmap" data-testid="regime-heatmap">
        <StateColumns names={names} labels={state.labels} />
        <tbody>
          {state.transitions.map((row, i) => (
            <tr key={i}>
              <th scope="row" style={{ color: REGIME_COLORS[state.labels[i]!].solid }}>
                {names[i]}
              </th>
              {row.map((p, j) => (
                <td key={j} style={{ background: heatColor(p) }} title={`${names[i]} → ${names[j]}: ${formatPercent(p, 2)}`}>
                  {p >= 0.995 ? '≈100' : (100 * p).toFixed(p < 0.1 ? 1 : 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      {explanation && explanation.runnerUpState !== null && (
        <>
          <h3 className="regime-heading">
            Why {names[explanation.topState]} rather than {names[explanation.runnerUpState]}
          </h3>
          <ul className="regime-drivers" data-testid="regime-drivers">
            {drivers.map((d, i) => (
              <li key={d.feature} className="regime-driver" data-feature={d.feature}>
                <span className="regime-driver-name">{featureName(d.feature)}</span>
                <span className="regime-driver-value">{d.value === null ? 'missing' : `${d.value >= 0 ? '+' : ''}${d.value.toFixed(2)}σ`}</span>
                <span className="regime-driver-track">
                  <span
                    className={`regime-driver-fill ${d.contribution >= 0 ? 'regime-driver-for' : 'regime-driver-against'}`}
                    style={{ width: `${(50 * (widths[i] ?? 0)).toFixed(1)}%` }}
                  />
                </span>
              </li>
            ))}
          </ul>
          <p className="regime-hint">Bars right push towards {names[explanation.topState]}, left towards {names[explanation.runnerUpState]} (log-likelihood per feature).</p>
        </>
      )}

      <details className="regime-profiles">
        <summary>State profiles (feature means in σ)</summary>
        <table className="regime-profile-table">
          <StateColumns names={names} labels={model.labels} />
          <tbody>
            {model.features.map((feature, f) => (
              <tr key={feature}>
                <th scope="row">{featureName(feature)}</th>
                {model.stats.map((s, k) => (
                  <td key={k}>{(s.featureMeans[f] ?? 0).toFixed(2)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

/** A table head with one column per state, named and coloured by its regime. */
function StateColumns({ names, labels }: { readonly names: readonly string[]; readonly labels: readonly RegimeLabel[] }) {
  return (
    <thead>
      <tr>
        <th />
        {names.map((n, s) => (
          <th key={s} scope="col" style={{ color: REGIME_COLORS[labels[s]!].solid }}>
            {n}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function ModelInfo({ model, children }: { readonly model: RegimeModelSummary; readonly children: ReactNode }) {
  const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
  return (
    <div className="regime-model" data-testid="regime-model">
      <h3 className="regime-heading">Model</h3>
      <dl className="regime-model-facts">
        <dt>Version</dt>
        <dd>
          v{model.version} · {model.states} states · {model.features.length} features
        </dd>
        <dt>Fitted on</dt>
        <dd>
          {model.bars.toLocaleString('en-US')} bars, {day(model.from)} → {day(model.to)}
          {model.sequences > 1 ? ` (${model.sequences - 1} gaps)` : ''}
        </dd>
        <dt>Fit</dt>
        <dd>
          log-likelihood {model.logLikelihood.toFixed(0)} · BIC {model.bic.toFixed(0)} · {model.iterations} iterations
          {model.converged ? '' : ' (not converged)'} · {(model.fitMs / 1000).toFixed(1)} s
        </dd>
      </dl>
      {children}
    </div>
  );
}
