import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { priceKey, type DecisionFeedback } from '../trading/trading-store';
import type { ProposalView } from '../../engine-client/api-types';
import { approvalKeyAction, keyPressOf, moveSelection } from './approval-keys';
import { ModifyForm } from './modify-form';
import type { ModifyChanges } from './modify-validation';
import { ProposalCard } from './proposal-card';
import { RejectForm } from './reject-form';
import type { SnoozeMinutes } from './snooze-choices';

export type ApprovalQueueProps = {
  readonly proposals: readonly ProposalView[];
  readonly busy: Readonly<Record<string, true>>;
  readonly feedback: readonly DecisionFeedback[];
  readonly now: number;
  readonly lastPrices: Readonly<Record<string, number>>;
  /** The last refusal by the engine, per proposal. */
  readonly errors: Readonly<Record<string, string>>;
  readonly onApprove: (id: string) => void;
  /** An empty reason rejects without one. */
  readonly onReject: (id: string, reason?: string) => void;
  /** Resolves true when the engine took the change (the form then closes). */
  readonly onModify: (id: string, changes: ModifyChanges) => Promise<boolean>;
  /** S and the Snooze button put the proposal aside for this long; the trader picks it on the card. */
  readonly snoozeMinutes: SnoozeMinutes;
  readonly onSnoozeMinutes: (minutes: SnoozeMinutes) => void;
  readonly onSnooze: (id: string) => void;
  readonly onDismissFeedback: (proposalId: string) => void;
  /** A proposal to select and bring into view now (each request a new object). */
  readonly focusRequest?: { readonly id: string } | null;
  /** Set when this connection may only watch (a viewer device): decisions are off, with this hint. */
  readonly viewOnly?: string | null;
};

/** How long a decided proposal's feedback stays in view. */
export const FEEDBACK_MS = 6_000;

/**
 * The queue the trader works through: a listbox whose selected proposal shows its preview and buttons.
 * Keys (see approval-keys.ts) act on the selection while focus is in the queue. The selection follows
 * the queue: when the selected proposal leaves, the next one in line is selected.
 */
export function ApprovalQueue(props: ApprovalQueueProps) {
  const { proposals, busy, feedback, now, errors } = props;
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const previousIds = useRef<readonly string[]>([]);
  const ids = proposals.map((p) => p.id);

  // Keep a valid selection: the same proposal while it is queued, else the one that took its place.
  const current = selected !== null && ids.includes(selected) ? selected : successor(previousIds.current, ids, selected);
  useEffect(() => {
    previousIds.current = ids;
    if (current !== selected) setSelected(current);
    if (editing !== null && !ids.includes(editing)) setEditing(null);
    if (rejecting !== null && !ids.includes(rejecting)) setRejecting(null);
  });

  // Q from anywhere outside a field brings the queue to the keyboard, so a trader never reaches for the mouse.
  const queueRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onWindowKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key.toLowerCase() !== 'q' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as { tagName?: unknown; isContentEditable?: unknown } | null;
      const tag = typeof target?.tagName === 'string' ? target.tagName : '';
      if (target?.isContentEditable === true || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      queueRef.current?.focus();
    };
    window.addEventListener('keydown', onWindowKey);
    return () => window.removeEventListener('keydown', onWindowKey);
  }, []);

  const { focusRequest } = props;
  useEffect(() => {
    if (!focusRequest) return;
    setSelected(focusRequest.id);
    const queue = queueRef.current;
    queue?.focus();
    const card = [...(queue?.querySelectorAll<HTMLElement>('[data-proposal-id]') ?? [])].find((e) => e.dataset.proposalId === focusRequest.id);
    card?.scrollIntoView?.({ block: 'nearest' });
  }, [focusRequest]);

  // The form had the focus: give it back to the queue, so the next key acts on the proposal again.
  const closeEditor = (): void => {
    setEditing(null);
    setRejecting(null);
    queueRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const action = approvalKeyAction(keyPressOf(event));
    if (action === null) return;
    event.preventDefault();
    if (action === 'next' || action === 'previous') {
      setSelected(moveSelection(ids, current, action === 'next' ? 1 : -1));
      return;
    }
    if (current === null || busy[current] || editing === current || rejecting === current || props.viewOnly) return;
    // Past its time the engine will refuse it anyway; an approval must never race the expiry.
    const expired = (proposals.find((p) => p.id === current)?.expiresAt ?? 0) <= now;
    if (action === 'approve') {
      if (!expired) props.onApprove(current);
    } else if (action === 'reject') props.onReject(current);
    else if (action === 'reject-with-reason') setRejecting(current);
    else if (action === 'snooze') props.onSnooze(current);
    else setEditing(current);
  };

  return (
    <div ref={queueRef} className="approval-queue" tabIndex={0} onKeyDown={onKeyDown} data-testid="approval-queue" aria-label="Approval queue: A approve, R reject, M modify, S snooze, J and K move">
      <Feedback feedback={feedback} now={now} onDismiss={props.onDismissFeedback} />
      {proposals.length === 0 ? (
        <div className="queue-empty" data-testid="queue-empty">
          <p>No proposals waiting.</p>
          <p className="queue-empty-hint">A strategy's signal becomes a proposal here, sized by the risk engine, for you to approve.</p>
        </div>
      ) : (
        <ol className="proposal-list" role="listbox" aria-label="Proposals">
          {proposals.map((p) => (
            <ProposalCard
              key={p.id}
              proposal={p}
              now={now}
              lastPrice={props.lastPrices[priceKey(p.venue, p.symbol)]}
              selected={p.id === current}
              busy={busy[p.id] === true}
              onSelect={() => setSelected(p.id)}
              onApprove={() => props.onApprove(p.id)}
              onReject={() => props.onReject(p.id)}
              onModify={() => setEditing(p.id)}
              onSnooze={() => props.onSnooze(p.id)}
              snoozeMinutes={props.snoozeMinutes}
              onSnoozeMinutes={props.onSnoozeMinutes}
              viewOnly={props.viewOnly ?? null}
              editor={
                rejecting === p.id ? (
                  <RejectForm
                    busy={busy[p.id] === true}
                    onCancel={closeEditor}
                    onReject={(reason) => {
                      props.onReject(p.id, reason === '' ? undefined : reason);
                      closeEditor();
                    }}
                  />
                ) : editing === p.id ? (
                  <ModifyForm
                    proposal={p}
                    busy={busy[p.id] === true}
                    error={errors[p.id] ?? null}
                    onCancel={closeEditor}
                    onSubmit={(changes) => void props.onModify(p.id, changes).then((ok) => ok && closeEditor())}
                  />
                ) : undefined
              }
            />
          ))}
        </ol>
      )}
      {proposals.length > 0 && current !== null && errors[current] && editing !== current && (
        <p className="alert queue-error" role="alert" data-testid="decision-error">
          {errors[current]}
        </p>
      )}
      {props.viewOnly && (
        <p className="view-only-note" data-testid="queue-view-only">
          {props.viewOnly}
        </p>
      )}
      <p className="queue-keys">
        <kbd>A</kbd>/<kbd>Enter</kbd> approve · <kbd>R</kbd>/<kbd>Esc</kbd> reject (<kbd>⇧R</kbd> with a reason) · <kbd>M</kbd> modify · <kbd>S</kbd> snooze · <kbd>J</kbd>/<kbd>K</kbd> move · <kbd>Q</kbd> focus queue
      </p>
    </div>
  );
}

/** After the selected proposal left, the one now at its place (or the last), so decisions flow down the queue. */
function successor(previous: readonly string[], ids: readonly string[], selected: string | null): string | null {
  if (ids.length === 0) return null;
  if (selected === null) return ids[0] ?? null;
  const index = previous.indexOf(selected);
  if (index === -1) return ids[0] ?? null;
  for (let i = index + 1; i < previous.length; i++) {
    const next = previous[i];
    if (next !== undefined && ids.includes(next)) return next;
  }
  return ids.at(-1) ?? null;
}

function Feedback({ feedback, now, onDismiss }: { readonly feedback: readonly DecisionFeedback[]; readonly now: number; readonly onDismiss: (id: string) => void }) {
  const visible = feedback.filter((f) => now - f.at < FEEDBACK_MS);
  useEffect(() => {
    for (const f of feedback) if (now - f.at >= FEEDBACK_MS) onDismiss(f.proposalId);
  }, [feedback, now, onDismiss]);
  if (visible.length === 0) return null;
  return (
    <ul className="decision-feedback" aria-live="polite" data-testid="decision-feedback">
      {visible.map((f) => (
        <li key={f.proposalId} className={`feedback feedback-${f.tone}`} data-tone={f.tone}>
          {f.text}
        </li>
      ))}
    </ul>
  );
}
