import '../trading/trading.css';
import './approvals-panel.css';
import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useAccess, VIEW_ONLY_HINT } from '../../app/access';
import { useEngineClient } from '../../app/stores-context';
import type { ProposalView } from '../../engine-client/api-types';
import { useNow } from '../trading/use-now';
import { useTradingStore } from '../trading/use-trading';
import { ApprovalQueue } from './approval-queue';
import { AuditView } from './audit-view';
import { onFocusProposal } from './focus-proposal';
import type { ModifyChanges } from './modify-validation';
import { PoliciesView } from './policies-view';
import { DEFAULT_SNOOZE_MINUTES, type SnoozeMinutes } from './snooze-choices';
import { errorText } from '../../format/format';

type View = 'queue' | 'policies' | 'audit';

/** How long the note about an alert's already-decided proposal stays. */
const GONE_NOTE_MS = 10_000;

/**
 * Where the trader decides: the queue of proposals with their risk preview, the per-strategy approval
 * policies, and the audit of every decision. Each decision holds the proposal's buttons until the engine
 * answers; a refusal is shown on the proposal, which stays in the queue.
 */
export function ApprovalsPanel() {
  const client = useEngineClient();
  const store = useTradingStore();
  const proposals = useStore(store, (s) => s.proposals);
  const busy = useStore(store, (s) => s.busy);
  const feedback = useStore(store, (s) => s.feedback);
  const lastPrices = useStore(store, (s) => s.lastPrices);
  const loadError = useStore(store, (s) => s.loadErrors.approvals ?? null);
  const [view, setView] = useState<View>('queue');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [snoozeMinutes, setSnoozeMinutes] = useState<SnoozeMinutes>(DEFAULT_SNOOZE_MINUTES);
  const now = useNow(250, proposals.length > 0 || feedback.length > 0);
  // An alert clicked elsewhere brings its proposal here: selected in the queue, or said to be decided already.
  const [focusRequest, setFocusRequest] = useState<{ readonly id: string; readonly n: number } | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  useEffect(
    () =>
      onFocusProposal((id) => {
        setView('queue');
        const queued = store.getState().proposals.some((p) => p.id === id);
        setGone(queued ? null : id);
        if (queued) setFocusRequest((last) => ({ id, n: (last?.n ?? 0) + 1 }));
      }),
    [store],
  );
  useEffect(() => {
    if (gone === null) return;
    const timer = setTimeout(() => setGone(null), GONE_NOTE_MS);
    return () => clearTimeout(timer);
  }, [gone]);
  const access = useAccess();

  const decide = useCallback(
    (id: string, request: () => Promise<ProposalView>): Promise<boolean> => {
      const state = store.getState();
      if (state.busy[id]) return Promise.resolve(false);
      state.setBusy(id, true);
      setErrors(({ [id]: _old, ...rest }) => rest);
      return request().then(
        (proposal) => {
          store.getState().applyProposal(proposal);
          store.getState().setBusy(id, false);
          return true;
        },
        (failure: unknown) => {
          store.getState().setBusy(id, false);
          setErrors((current) => ({ ...current, [id]: errorText(failure) }));
          return false;
        },
      );
    },
    [store],
  );

  const onDismissFeedback = useCallback((proposalId: string) => store.getState().dismissFeedback(proposalId), [store]);
  const pending = proposals.filter((p) => p.status === 'pending').length;

  return (
    <div className="approvals-panel" data-testid="approvals-panel">
      <div className="approvals-views" role="tablist" aria-label="Approvals views">
        {(['queue', 'policies', 'audit'] as const).map((name) => (
          <button key={name} type="button" role="tab" className="approvals-view" aria-selected={view === name} data-testid={`approvals-view-${name}`} onClick={() => setView(name)}>
            {name === 'queue' ? 'Queue' : name === 'policies' ? 'Policies' : 'Audit'}
            {name === 'queue' && pending > 0 && (
              <span className="queue-count" data-testid="queue-count">
                {pending}
              </span>
            )}
          </button>
        ))}
      </div>
      {loadError && view === 'queue' && (
        <p className="alert approvals-load-error" role="alert">
          {loadError}
        </p>
      )}
      {gone && view === 'queue' && (
        <p className="focus-gone" role="status" data-testid="proposal-gone">
          That proposal is no longer waiting for a decision; what happened to it is in{' '}
          <button type="button" className="link-button" onClick={() => setView('audit')}>
            Audit
          </button>
          .
        </p>
      )}
      {view === 'queue' && (
        <ApprovalQueue
          focusRequest={focusRequest}
          proposals={proposals}
          busy={busy}
          feedback={feedback}
          now={now}
          lastPrices={lastPrices}
          errors={errors}
          onApprove={(id) => void decide(id, () => client.call('approvals.approve', { id }))}
          onReject={(id, reason) => void decide(id, () => client.call('approvals.reject', reason === undefined ? { id } : { id, reason }))}
          snoozeMinutes={snoozeMinutes}
          onSnoozeMinutes={setSnoozeMinutes}
          onSnooze={(id) => void decide(id, () => client.call('approvals.snooze', { id, minutes: snoozeMinutes }))}
          onModify={(id, changes: ModifyChanges) => decide(id, () => client.call('approvals.modify', { id, ...changes }))}
          onDismissFeedback={onDismissFeedback}
          viewOnly={access.canTrade ? null : VIEW_ONLY_HINT}
        />
      )}
      {view === 'policies' && <PoliciesView />}
      {view === 'audit' && <AuditView />}
    </div>
  );
}
