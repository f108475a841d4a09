import { useEffect, useState } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { TradingStore } from '../trading/trading-store';
import type { RiskLimitsView } from '../../engine-client/api-types';
import { LIMIT_FIELDS, limitsDraft, parseLimits, type LimitsDraft } from './limits-form';
import { errorText } from '../../format/format';

/** The risk limits as a form: only changed limits are sent; each bad field says why. */
export function LimitsSection({ store, limits }: { readonly store: TradingStore; readonly limits: RiskLimitsView | null }) {
  const client = useEngineClient();
  const [draft, setDraft] = useState<LimitsDraft | null>(() => (limits ? limitsDraft(limits) : null));
  const [problems, setProblems] = useState<Partial<Record<keyof RiskLimitsView, string>>>({});
  const [status, setStatus] = useState<{ readonly tone: 'ok' | 'error'; readonly text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (limits && draft === null) setDraft(limitsDraft(limits));
  }, [limits, draft]);
  if (!limits || !draft) return <p className="settings-note">Risk limits are not available from this engine.</p>;

  const save = (): void => {
    const result = parseLimits(limits, draft);
    if (!result.ok) {
      setProblems(result.problems);
      setStatus(null);
      return;
    }
    setProblems({});
    if (Object.keys(result.changes).length === 0) {
      setStatus({ tone: 'ok', text: 'Nothing changed.' });
      return;
    }
    setBusy(true);
    client.call('risk.setLimits', { limits: result.changes }).then(
      (view) => {
        store.getState().setRisk(view);
        setDraft(limitsDraft(view.limits));
        setBusy(false);
        setStatus({ tone: 'ok', text: `Saved ${Object.keys(result.changes).length} limit${Object.keys(result.changes).length > 1 ? 's' : ''}.` });
      },
      (failure: unknown) => {
        setBusy(false);
        setStatus({ tone: 'error', text: errorText(failure) });
      },
    );
  };

  return (
    <form
      className="limits-form"
      data-testid="limits-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="limits-grid">
        {LIMIT_FIELDS.map((field) => (
          <label key={field.key} className="limits-field">
            <span>{field.label}</span>
            <input
              className="input mono"
              inputMode="decimal"
              data-testid={`limit-${field.key}`}
              aria-invalid={problems[field.key] ? true : undefined}
              value={draft[field.key]}
              onChange={(e) => setDraft({ ...draft, [field.key]: e.target.value })}
            />
            {problems[field.key] && (
              <span className="modify-problem" role="alert">
                {problems[field.key]}
              </span>
            )}
          </label>
        ))}
      </div>
      <div className="settings-actions">
        {status && (
          <span className={`settings-status settings-status-${status.tone}`} role={status.tone === 'error' ? 'alert' : 'status'}>
            {status.text}
          </span>
        )}
        <button type="button" className="button button-quiet" onClick={() => setDraft(limitsDraft(limits))}>
          Reset
        </button>
        <button type="submit" className="button button-primary" data-testid="save-limits" disabled={busy}>
          Save limits
        </button>
      </div>
    </form>
  );
}
