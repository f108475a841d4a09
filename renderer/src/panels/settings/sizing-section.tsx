import { useEffect, useState } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { StrategySizingView, TradingSizingView } from '../../engine-client/api-types';
import { SizingModeSelect } from '../../components/sizing-mode-select';
import { describeSizing, parseSizing, sizingDraft, SIZING_MODES, type SizingDraft } from './sizing-form';
import { useStrategyNames } from './use-strategy-names';
import { errorText } from '../../format/format';

/** How each strategy's proposals are sized: the engine's default, or a sizing of the strategy's own. */
export function SizingSection() {
  const client = useEngineClient();
  const [sizing, setSizing] = useState<TradingSizingView | null>(null);
  const strategies = useStrategyNames();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.call('trading.sizing', {}).then(setSizing, (failure: unknown) => setError(errorText(failure)));
  }, [client]);
  if (!sizing) return error ? <p className="alert" role="alert">{error}</p> : <p className="settings-note">Loading sizing…</p>;

  const own = new Map(sizing.strategies.map((s) => [s.strategy, s]));
  const names = [...new Set([...strategies, ...own.keys()])].sort();
  const saved = (view: StrategySizingView): void => {
    setSizing({ ...sizing, strategies: [...sizing.strategies.filter((s) => s.strategy !== view.strategy), view] });
    setEditing(null);
  };
  return (
    <div className="sizing-section" data-testid="sizing-section">
      <p className="settings-note">
        Default for every strategy: {describeSizing(sizing.default.sizing)}. The risk engine's limits and the regime multipliers apply on top.
      </p>
      <ul className="automation-list">
        {names.map((name) => {
          const current = own.get(name);
          return (
            <li key={name} className="sizing-row" data-testid="sizing-row" data-strategy={name}>
              <div className="automation-row">
                <span className="automation-name">{name}</span>
                <span className="sizing-current" data-testid="sizing-current">
                  {current && !current.isDefault ? describeSizing(current.sizing) : 'default'}
                </span>
                <button type="button" className="button button-quiet" data-testid="sizing-edit" onClick={() => setEditing(editing === name ? null : name)}>
                  {editing === name ? 'Close' : 'Change'}
                </button>
              </div>
              {editing === name && <SizingEditor strategy={name} initial={current?.sizing ?? sizing.default.sizing} onSaved={saved} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function SizingEditor({ strategy, initial, onSaved }: { readonly strategy: string; readonly initial: StrategySizingView['sizing']; readonly onSaved: (view: StrategySizingView) => void }) {
  const client = useEngineClient();
  const [draft, setDraft] = useState<SizingDraft>(() => sizingDraft(initial));
  const [problems, setProblems] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = SIZING_MODES.find((m) => m.mode === draft.mode)?.fields ?? [];
  const save = (): void => {
    const parsed = parseSizing(draft);
    if (!parsed.ok) return setProblems(parsed.problems);
    setProblems({});
    setFailure(null);
    setBusy(true);
    client.call('trading.setSizing', { strategy, sizing: parsed.sizing }).then(
      (view) => {
        setBusy(false);
        onSaved(view);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(errorText(error));
      },
    );
  };
  return (
    <form
      className="sizing-editor"
      data-testid="sizing-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label className="limits-field">
        <span>Mode</span>
        <SizingModeSelect modes={SIZING_MODES} value={draft.mode} testId="sizing-mode" onChange={(mode) => setDraft(sizingDraft(defaultsFor(mode, draft)))} />
      </label>
      {fields.map((field) => (
        <label key={field.key} className="limits-field">
          <span>
            {field.label} ({field.unit})
          </span>
          <input
            className="input mono"
            inputMode="decimal"
            data-testid={`sizing-${field.key}`}
            aria-invalid={problems[field.key] ? true : undefined}
            value={draft.values[field.key] ?? ''}
            onChange={(e) => setDraft({ ...draft, values: { ...draft.values, [field.key]: e.target.value } })}
          />
          {problems[field.key] && (
            <span className="modify-problem" role="alert">
              {problems[field.key]}
            </span>
          )}
        </label>
      ))}
      <div className="settings-actions">
        {failure && (
          <span className="settings-status settings-status-error" role="alert">
            {failure}
          </span>
        )}
        <button type="submit" className="button button-primary" data-testid="sizing-save" disabled={busy}>
          Save sizing
        </button>
      </div>
    </form>
  );
}

/** A new mode starts from sensible values, keeping a risk fraction the trader already typed. */
function defaultsFor(mode: SizingDraft['mode'], previous: SizingDraft): StrategySizingView['sizing'] {
  const risk = Number(previous.values['riskFraction']) / 100;
  const riskFraction = Number.isFinite(risk) && risk > 0 && risk <= 1 ? risk : 0.01;
  switch (mode) {
    case 'risk-per-trade':
      return { mode, riskFraction };
    case 'volatility-target':
      return { mode, riskFraction, atrMultiple: 2 };
    case 'equity-fraction':
      return { mode, fraction: 0.05 };
    case 'fixed-quantity':
      return { mode, quantity: 1 };
    case 'kelly':
      return { mode, kellyFraction: 0.5, maxFraction: 0.05 };
    case 'all-equity':
      return { mode };
  }
}
