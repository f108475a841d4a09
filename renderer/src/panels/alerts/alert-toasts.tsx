import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { AlertView } from '../../engine-client/api-types';
import { KIND_LABELS, SEVERITY_LABELS } from './alert-format';
import type { AlertsStore } from './alerts-store';

type AlertToastsProps = {
  readonly store: AlertsStore;
  readonly onOpenProposal: (alert: AlertView) => void;
};

/**
 * New warnings and critical alerts over the workstation's corner, a few at a time, each leaving after its
 * time (a critical one stays longer). Pointing at or focusing a toast holds them all, so one being read
 * does not vanish mid-sentence. The slide-in is dropped when the system asks for reduced motion (CSS).
 */
export function AlertToasts({ store, onOpenProposal }: AlertToastsProps) {
  const toasts = useStore(store, (s) => s.toasts);
  const [held, setHeld] = useState(false);

  useEffect(() => {
    if (held || toasts.length === 0) return;
    const next = store.getState().expireToasts(Date.now());
    if (next === null) return;
    const timer = setTimeout(() => store.getState().expireToasts(Date.now()), Math.max(0, next - Date.now()));
    return () => clearTimeout(timer);
  }, [toasts, held, store]);

  // While held, the clocks of the toasts on screen restart when the pointer leaves.
  const release = (): void => {
    setHeld(false);
    store.getState().restartToasts(Date.now());
  };

  return (
    <div className="alert-toasts" role="region" aria-label="New alerts" aria-live="polite" data-testid="alert-toasts" onPointerEnter={() => setHeld(true)} onPointerLeave={release} onFocus={() => setHeld(true)} onBlur={release}>
      {toasts.map(({ alert }) => {
        const kind = KIND_LABELS[alert.kind];
        return (
          <div key={alert.id} className={`alert-toast alert-toast-${alert.severity}`} role={alert.severity === 'critical' ? 'alert' : 'status'} data-testid="alert-toast" data-alert-id={alert.id} data-severity={alert.severity}>
            <span className="alert-kind-icon" aria-hidden="true">
              {kind.icon}
            </span>
            <div className="alert-toast-main">
              <span className="alert-item-head">
                <span className={`alert-severity alert-severity-${alert.severity}`}>{SEVERITY_LABELS[alert.severity]}</span>
                <span className="alert-kind">{kind.label}</span>
                {alert.symbol && <span className="alert-symbol mono">{alert.symbol}</span>}
              </span>
              <span className="alert-title">{alert.title}</span>
              {alert.body && <span className="alert-body alert-toast-body">{alert.body}</span>}
              {alert.kind === 'proposal' && alert.proposalId && (
                <button
                  type="button"
                  className="button alert-toast-action"
                  data-testid="alert-toast-open"
                  onClick={() => {
                    store.getState().dismissToast(alert.id);
                    onOpenProposal(alert);
                  }}
                >
                  Review in Approvals
                </button>
              )}
            </div>
            <button type="button" className="button button-quiet alert-toast-close" aria-label={`Dismiss: ${alert.title}`} data-testid="alert-toast-dismiss" onClick={() => store.getState().dismissToast(alert.id)}>
              ✕
            </button>
          </div>
        );
      })}
    </div>
  );
}
