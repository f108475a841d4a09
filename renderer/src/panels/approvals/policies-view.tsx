import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { ADMIN_ONLY_HINT, useAccess } from '../../app/access';
import { useEngineClient } from '../../app/stores-context';
import { REGIME_NAMES } from '../regime/regime-colors';
import { reloadPolicies } from '../trading/trading-sync';
import type { ApprovalPolicy } from '../../engine-client/api-types';
import { useTradingStore } from '../trading/use-trading';
import { limitsDraftOf, POLICY_NAMES, policyFrom, REGIMES, type LimitsDraft, type PolicyKind } from './policy-form';
import { errorText } from '../../format/format';

/**
 * How each strategy's proposals are approved: by the trader, automatically within limits, or
 * automatically on paper only; and whether its automation is on at all (off = every proposal waits).
 */
export function PoliciesView() {
  const client = useEngineClient();
  const { canAdmin } = useAccess();
  const store = useTradingStore();
  const policies = useStore(store, (s) => s.policies);
  const automation = useStore(store, (s) => s.mode?.automation);
  const [known, setKnown] = useState<readonly string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.call('strategy.list', {}).then(
      (list) => live && setKnown(list.strategies.map((s) => s.name)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);

  const strategies = useMemo(
    () => [...new Set([...policies.map((p) => p.strategy), ...Object.keys(automation ?? {}), ...known])].sort(),
    [policies, automation, known],
  );

  const setPolicy = (strategy: string, policy: ApprovalPolicy): void => {
    setError(null);
    client.call('approvals.setPolicy', { strategy, policy: policy.kind === 'auto-within-limits' ? { ...policy, allowedRegimes: [...policy.allowedRegimes] } : policy }).then(
      () => reloadPolicies(client, store),
      (failure: unknown) => setError(`${strategy}: ${errorText(failure)}`),
    );
  };
  const setAutomation = (strategy: string, enabled: boolean): void => {
    setError(null);
    client.call('trading.setAutomation', { strategy, enabled }).then(
      (mode) => {
        store.getState().setMode(mode);
        return reloadPolicies(client, store);
      },
      (failure: unknown) => setError(`${strategy}: ${errorText(failure)}`),
    );
  };

  return (
    <fieldset className="policies-view settings-fieldset" data-testid="policies-view" disabled={!canAdmin}>
      <p className="policies-note">
        Automation off: every proposal waits for you. On: the policy decides — within its limits, or on paper only. Risk limits apply to every order either way.
      </p>
      {!canAdmin && <p className="view-only-note">{ADMIN_ONLY_HINT}</p>}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {strategies.length === 0 ? (
        <p className="muted">No strategies known yet.</p>
      ) : (
        <ul className="policy-list">
          {strategies.map((strategy) => {
            const view = policies.find((p) => p.strategy === strategy);
            return (
              <PolicyRow
                key={strategy}
                strategy={strategy}
                policy={view?.policy ?? { kind: 'manual' }}
                automation={view?.automation ?? automation?.[strategy] ?? false}
                onPolicy={(policy) => setPolicy(strategy, policy)}
                onAutomation={(enabled) => setAutomation(strategy, enabled)}
              />
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

type PolicyRowProps = {
  readonly strategy: string;
  readonly policy: ApprovalPolicy;
  readonly automation: boolean;
  readonly onPolicy: (policy: ApprovalPolicy) => void;
  readonly onAutomation: (enabled: boolean) => void;
};

export function PolicyRow({ strategy, policy, automation, onPolicy, onAutomation }: PolicyRowProps) {
  const [kind, setKind] = useState<PolicyKind>(policy.kind);
  const [draft, setDraft] = useState<LimitsDraft>(() => limitsDraftOf(policy));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setKind(policy.kind);
    setDraft(limitsDraftOf(policy));
  }, [policy]);

  const apply = (nextKind: PolicyKind, nextDraft: LimitsDraft): void => {
    const result = policyFrom(nextKind, nextDraft);
    if ('problem' in result) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    onPolicy(result.policy);
  };

  return (
    <li className="policy-row" data-testid="policy-row" data-strategy={strategy} data-policy={policy.kind} data-automation={automation ? 'on' : 'off'}>
      <div className="policy-line">
        <strong className="policy-strategy">{strategy}</strong>
        <select
          className="picker policy-picker"
          aria-label={`Approval policy of ${strategy}`}
          data-testid="policy-picker"
          value={kind}
          onChange={(event) => {
            const next = event.target.value as PolicyKind;
            setKind(next);
            // Manual and paper-only need nothing more; limits wait for their fields.
            if (next !== 'auto-within-limits') apply(next, draft);
          }}
        >
          {(Object.keys(POLICY_NAMES) as PolicyKind[]).map((k) => (
            <option key={k} value={k}>
              {POLICY_NAMES[k]}
            </option>
          ))}
        </select>
        <label className="switch" title="Automation: let the policy decide">
          <input type="checkbox" role="switch" data-testid="automation-toggle" aria-label={`Automation of ${strategy}`} checked={automation} onChange={(event) => onAutomation(event.target.checked)} />
          <span className="switch-track" />
          <span className="switch-label">{automation ? 'Auto' : 'Off'}</span>
        </label>
      </div>
      {kind === 'auto-within-limits' && (
        <form
          className="policy-limits"
          onSubmit={(event) => {
            event.preventDefault();
            apply(kind, draft);
          }}
        >
          <label>
            Max notional
            <input className="input mono" inputMode="decimal" value={draft.maxNotional} onChange={(e) => setDraft({ ...draft, maxNotional: e.target.value })} />
          </label>
          <label>
            Min confidence
            <input className="input mono" inputMode="decimal" value={draft.minConfidence} onChange={(e) => setDraft({ ...draft, minConfidence: e.target.value })} />
          </label>
          <fieldset className="policy-regimes">
            <legend>Regimes</legend>
            {REGIMES.map((r) => (
              <label key={r} className="policy-regime">
                <input
                  type="checkbox"
                  checked={draft.allowedRegimes.includes(r)}
                  onChange={(e) => setDraft({ ...draft, allowedRegimes: e.target.checked ? [...draft.allowedRegimes, r] : draft.allowedRegimes.filter((x) => x !== r) })}
                />
                {REGIME_NAMES[r]}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button button-primary">
            Save policy
          </button>
        </form>
      )}
      {problem && (
        <p className="modify-problem" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}
