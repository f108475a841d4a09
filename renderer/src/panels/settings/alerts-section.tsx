import './alerts-settings.css';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useEngineClient } from '../../app/stores-context';
import type { AlertKind, AlertRules, AlertSeverity } from '../../engine-client/api-types';
import { ALERT_KINDS, KIND_LABELS, SEVERITY_LABELS } from '../alerts/alert-format';
import { useAlertsStore } from '../alerts/use-alerts';
import {
  MAX_DEDUP_SECONDS,
  MAX_RATE_PER_MINUTE,
  THRESHOLDS,
  UTC_OFFSETS,
  formatUtcOffset,
  localUtcOffset,
  parseRules,
  rulesDraft,
  telegramKindsWithoutBot,
  type KindDraft,
  type RulesDraft,
  type RulesProblems,
} from './alert-rules-form';
import { errorText } from '../../format/format';

type Status = { readonly tone: 'ok' | 'error'; readonly text: string };

/**
 * The alert rules: per kind on or off, whether it is pushed to the desktop and to Telegram, the least
 * severity and the threshold where the kind has one; then de-duplication, the rate limit and quiet
 * hours. The alert centre always gets every enabled alert; these rules decide the pushes.
 */
export function AlertsSection() {
  const client = useEngineClient();
  const telegram = useStore(useAlertsStore(), (s) => s.telegram);
  const [saved, setSaved] = useState<AlertRules | null>(null);
  const [draft, setDraft] = useState<RulesDraft | null>(null);
  const [problems, setProblems] = useState<RulesProblems>({});
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    client.call('alerts.rules', {}).then(
      (rules) => {
        if (!live) return;
        setSaved(rules);
        setDraft(rulesDraft(rules));
      },
      (failure: unknown) => live && setStatus({ tone: 'error', text: errorText(failure) }),
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (!draft || !saved) {
    return status ? (
      <p className="alert" role="alert" data-testid="alert-rules-unavailable">
        {status.text}
      </p>
    ) : (
      <p className="settings-note">Reading the alert rules…</p>
    );
  }

  const setKind = (kind: AlertKind, change: Partial<KindDraft>): void => setDraft({ ...draft, kinds: { ...draft.kinds, [kind]: { ...draft.kinds[kind], ...change } } });
  const save = (): void => {
    const result = parseRules(draft);
    if (!result.ok) {
      setProblems(result.problems);
      setStatus({ tone: 'error', text: 'Fix the marked fields; nothing was saved.' });
      return;
    }
    setProblems({});
    setBusy(true);
    setStatus(null);
    client.call('alerts.setRules', result.rules).then(
      (rules) => {
        setSaved(rules);
        setDraft(rulesDraft(rules));
        setBusy(false);
        setStatus({ tone: 'ok', text: 'Alert rules saved.' });
      },
      (failure: unknown) => {
        setBusy(false);
        setStatus({ tone: 'error', text: errorText(failure) });
      },
    );
  };
  const botless = telegramKindsWithoutBot(draft, telegram?.configured === true && telegram.enabled);

  return (
    <form
      className="alert-rules-form"
      data-testid="alert-rules-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <p className="settings-note">Every enabled alert appears in the alert centre; the switches below decide which are also pushed.</p>
      <table className="alert-rules-table">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">On</th>
            <th scope="col">Desktop</th>
            <th scope="col">Telegram</th>
            <th scope="col">Least severity</th>
            <th scope="col">Threshold</th>
          </tr>
        </thead>
        <tbody>
          {ALERT_KINDS.map((kind) => {
            const rule = draft.kinds[kind];
            const label = KIND_LABELS[kind].label;
            const spec = THRESHOLDS[kind];
            const problem = problems[`threshold.${kind}`];
            return (
              <tr key={kind} data-testid="alert-rule" data-kind={kind}>
                <th scope="row">
                  <span aria-hidden="true">{KIND_LABELS[kind].icon}</span> {label}
                </th>
                <td>
                  <input type="checkbox" data-testid="rule-enabled" aria-label={`${label} alerts on`} checked={rule.enabled} onChange={(e) => setKind(kind, { enabled: e.target.checked })} />
                </td>
                <td>
                  <input type="checkbox" data-testid="rule-desktop" aria-label={`${label} to the desktop`} disabled={!rule.enabled} checked={rule.desktop} onChange={(e) => setKind(kind, { desktop: e.target.checked })} />
                </td>
                <td>
                  <input type="checkbox" data-testid="rule-telegram" aria-label={`${label} to Telegram`} disabled={!rule.enabled} checked={rule.telegram} onChange={(e) => setKind(kind, { telegram: e.target.checked })} />
                </td>
                <td>
                  <select
                    className="input alert-rule-severity"
                    data-testid="rule-severity"
                    aria-label={`${label}: least severity`}
                    disabled={!rule.enabled}
                    value={rule.minSeverity}
                    onChange={(e) => setKind(kind, { minSeverity: severityOf(e.target.value) })}
                  >
                    <option value="">Any</option>
                    {(['info', 'warning', 'critical'] as const).map((s) => (
                      <option key={s} value={s}>
                        {SEVERITY_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {spec ? (
                    <span className="alert-rule-threshold">
                      <input
                        className="input mono"
                        inputMode="decimal"
                        data-testid="rule-threshold"
                        aria-label={`${label}: ${spec.label} (${spec.unit})`}
                        aria-invalid={problem ? true : undefined}
                        disabled={!rule.enabled}
                        value={rule.threshold}
                        onChange={(e) => setKind(kind, { threshold: e.target.value })}
                      />
                      <span className="alert-rule-unit" title={spec.label}>
                        {spec.unit}
                      </span>
                    </span>
                  ) : (
                    <span className="muted-dash">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {ALERT_KINDS.map((kind) =>
        problems[`threshold.${kind}`] ? (
          <p key={kind} className="modify-problem" role="alert">
            {problems[`threshold.${kind}`]}
          </p>
        ) : null,
      )}
      {botless.length > 0 && (
        <p className="settings-note alert-rules-warning" data-testid="telegram-not-ready">
          Telegram is not running, so {botless.map((k) => KIND_LABELS[k].label.toLowerCase()).join(', ')} alerts will not reach it until the bot is set up and enabled.
        </p>
      )}
      <div className="limits-grid">
        <NumberField label="De-duplication window (seconds)" testId="rule-dedup" value={draft.dedupWindowSeconds} problem={problems.dedupWindowSeconds} hint={`0 to ${MAX_DEDUP_SECONDS}; the same alert again within it is not pushed`} onChange={(v) => setDraft({ ...draft, dedupWindowSeconds: v })} />
        <NumberField label="Pushes per minute at most" testId="rule-rate" value={draft.rateLimitPerMinute} problem={problems.rateLimitPerMinute} hint={`1 to ${MAX_RATE_PER_MINUTE}`} onChange={(v) => setDraft({ ...draft, rateLimitPerMinute: v })} />
      </div>
      <fieldset className="quiet-hours" data-testid="quiet-hours">
        <legend>
          <label className="switch">
            <input type="checkbox" role="switch" data-testid="quiet-enabled" checked={draft.quietEnabled} onChange={(e) => setDraft({ ...draft, quietEnabled: e.target.checked })} />
            <span className="switch-track" />
            <span className="switch-label">Quiet hours</span>
          </label>
        </legend>
        <div className="quiet-hours-fields">
          <TimeField label="From" testId="quiet-start" value={draft.quietStart} problem={problems.quietStart} disabled={!draft.quietEnabled} onChange={(v) => setDraft({ ...draft, quietStart: v })} />
          <TimeField label="To" testId="quiet-end" value={draft.quietEnd} problem={problems.quietEnd} disabled={!draft.quietEnabled} onChange={(v) => setDraft({ ...draft, quietEnd: v })} />
          <label className="limits-field">
            <span>Time zone</span>
            <select className="input" data-testid="quiet-offset" disabled={!draft.quietEnabled} value={draft.utcOffsetMinutes} onChange={(e) => setDraft({ ...draft, utcOffsetMinutes: Number(e.target.value) })}>
              {UTC_OFFSETS.map((m) => (
                <option key={m} value={m}>
                  {formatUtcOffset(m)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button-quiet quiet-local" data-testid="quiet-local" disabled={!draft.quietEnabled} onClick={() => setDraft({ ...draft, utcOffsetMinutes: localUtcOffset() })}>
            This computer's ({formatUtcOffset(localUtcOffset())})
          </button>
        </div>
        <label className="quiet-critical">
          <input type="checkbox" data-testid="quiet-allow-critical" disabled={!draft.quietEnabled} checked={draft.allowCritical} onChange={(e) => setDraft({ ...draft, allowCritical: e.target.checked })} />
          Let critical alerts through (kill switch, failures)
        </label>
        <p className="settings-note">Quiet hours hold back desktop and Telegram pushes; the alert centre still shows everything.</p>
      </fieldset>
      <div className="settings-actions">
        {status && (
          <span className={`settings-status settings-status-${status.tone}`} role={status.tone === 'error' ? 'alert' : 'status'} data-testid="alert-rules-status">
            {status.text}
          </span>
        )}
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            setDraft(rulesDraft(saved));
            setProblems({});
            setStatus(null);
          }}
        >
          Reset
        </button>
        <button type="submit" className="button button-primary" data-testid="save-alert-rules" disabled={busy}>
          Save rules
        </button>
      </div>
    </form>
  );
}

type FieldProps = {
  readonly label: string;
  readonly testId: string;
  readonly value: string;
  readonly problem: string | undefined;
  readonly onChange: (value: string) => void;
};

function NumberField({ label, testId, value, problem, hint, onChange }: FieldProps & { readonly hint: string }) {
  return (
    <label className="limits-field">
      <span>{label}</span>
      <input className="input mono" inputMode="numeric" data-testid={testId} aria-invalid={problem ? true : undefined} value={value} title={hint} onChange={(e) => onChange(e.target.value)} />
      {problem ? (
        <span className="modify-problem" role="alert">
          {problem}
        </span>
      ) : (
        <span className="settings-hint">{hint}</span>
      )}
    </label>
  );
}

function TimeField({ label, testId, value, problem, disabled, onChange }: FieldProps & { readonly disabled: boolean }) {
  return (
    <label className="limits-field">
      <span>{label}</span>
      <input className="input mono" placeholder="HH:MM" data-testid={testId} disabled={disabled} aria-invalid={problem ? true : undefined} value={value} onChange={(e) => onChange(e.target.value)} />
      {problem && (
        <span className="modify-problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}

function severityOf(value: string): AlertSeverity | '' {
  return value === 'info' || value === 'warning' || value === 'critical' ? value : '';
}
