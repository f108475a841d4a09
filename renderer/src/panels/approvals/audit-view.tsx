import { useEffect, useRef, useState } from 'react';
import { useEngineClient } from '../../app/stores-context';
import { formatClock } from '../trading/trading-format';
import type { Actor, AuditEntryView } from '../../engine-client/api-types';
import { errorText } from '../../format/format';

/** Decisions shown; older ones stay in the engine's audit. */
const AUDIT_ROWS = 200;
/** Decisions come in bursts (an approval is approved, submitted and filled within a second): reload once. */
const RELOAD_DELAY_MS = 400;

/** Every decision, newest first: when, what, who (the trader or which policy) and the detail. */
export function AuditView() {
  const client = useEngineClient();
  const [entries, setEntries] = useState<readonly AuditEntryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let live = true;
    const load = (): void => {
      client.call('approvals.audit', { limit: AUDIT_ROWS }).then(
        (list) => {
          if (!live) return;
          setEntries(list);
          setError(null);
        },
        (failure: unknown) => live && setError(errorText(failure)),
      );
    };
    const later = (): void => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        load();
      }, RELOAD_DELAY_MS);
    };
    const offs = [client.on('approvals.proposal', later), client.on('trading.mode', later), client.on('risk.state', later)];
    load();
    return () => {
      live = false;
      for (const off of offs) off();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [client]);

  return (
    <div className="audit-view" data-testid="audit-view">
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {entries.length === 0 && !error ? (
        <p className="muted">No decisions yet.</p>
      ) : (
        <ol className="audit-list">
          {entries.map((e) => (
            <li key={e.id} className={`audit-entry audit-${e.action}`} data-testid="audit-entry" data-action={e.action}>
              <span className="audit-time mono">{formatClock(e.at)}</span>
              <span className="audit-action">{e.action}</span>
              <span className="audit-actor">{actorName(e.actor)}</span>
              <span className="audit-detail">{e.detail}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Who acted, in words: "you (window)", "policy auto-within-limits", "engine (expiry)". */
export function actorName(actor: Actor): string {
  if (actor.kind === 'trader') {
    if (actor.device) return `device ${actor.device}`;
    return actor.via === 'ui' ? 'you' : `you (${actor.via})`;
  }
  if (actor.kind === 'policy') return `policy ${actor.policy}`;
  return `engine (${actor.component})`;
}
