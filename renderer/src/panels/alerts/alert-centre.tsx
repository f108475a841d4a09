import './alerts.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useCan } from '../../app/access';
import { useEngineClient } from '../../app/stores-context';
import type { AlertView } from '../../engine-client/api-types';
import { focusProposal } from '../approvals/focus-proposal';
import { useNow } from '../trading/use-now';
import { unreadBadge } from './alert-format';
import { AlertItem } from './alert-item';
import { AlertToasts } from './alert-toasts';
import { AlertsSettingsLauncher } from './alerts-settings-launcher';
import { loadOlderAlerts, markAlertsRead } from './alerts-sync';
import { useAlertsStore } from './use-alerts';

/**
 * The alert centre: a bell in the top bar with the unread count, opening the list of alerts, newest
 * first. Esc or the bell closes it and gives the focus back to the bell; a click outside closes it.
 * New warnings and critical alerts also pop up as toasts, rendered here so the top bar needs one element.
 */
export function AlertCentre() {
  const client = useEngineClient();
  const store = useAlertsStore();
  const alerts = useStore(store, (s) => s.alerts);
  const unread = useStore(store, (s) => s.unread);
  const loaded = useStore(store, (s) => s.loaded);
  const loadError = useStore(store, (s) => s.loadError);
  const telegram = useStore(store, (s) => s.telegram);
  const hasOlder = useStore(store, (s) => s.hasOlder);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const markReadCan = useCan('alerts.markRead');
  const [settings, setSettings] = useState(false);
  const bell = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const now = useNow(30_000, open);

  const close = (restoreFocus: boolean): void => {
    setOpen(false);
    if (restoreFocus) bell.current?.focus();
  };

  // Opening moves the focus into the list, so the keyboard carries on from where the eyes went.
  useEffect(() => {
    if (open) panel.current?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent): void => {
      const target = event.target instanceof Node ? event.target : null;
      if (target && !panel.current?.contains(target) && !bell.current?.contains(target)) setOpen(false);
    };
    // Esc closes it wherever the focus went (a marked alert's button disappears and takes the focus with it),
    // but not while a modal dialog above it owns the keyboard.
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setOpen(false);
      bell.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const markRead = (ids: readonly string[] | 'all'): void => {
    setError(null);
    void markAlertsRead(client, store, ids).then((failure) => failure && setError(failure));
  };
  const openProposal = (alert: AlertView): void => {
    if (!alert.read && markReadCan.allowed) markRead([alert.id]);
    close(false);
    if (alert.proposalId) focusProposal(alert.proposalId);
  };

  const shown = unreadOnly ? alerts.filter((a) => !a.read) : alerts;
  return (
    <div className="alert-centre">
      <button
        ref={bell}
        type="button"
        className="alert-bell"
        data-testid="alert-bell"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={unread > 0 ? `Alerts: ${unread} unread` : 'Alerts'}
        title="Alerts"
        onClick={() => (open ? close(true) : setOpen(true))}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="alert-badge" data-testid="alert-unread" data-count={unread}>
            {unreadBadge(unread)}
          </span>
        )}
      </button>
      {open && (
        <div ref={panel} id={panelId} className="alert-panel" role="dialog" aria-label="Alerts" data-testid="alert-centre" tabIndex={-1}>
          <header className="alert-panel-head">
            <h2 className="alert-panel-title">
              Alerts {unread > 0 && <span className="alert-panel-count">{unread} unread</span>}
            </h2>
            <label className="alert-filter">
              <input type="checkbox" data-testid="alert-unread-only" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
              Unread only
            </label>
            <button type="button" className="button button-quiet" data-testid="alert-mark-all" disabled={unread === 0 || !markReadCan.allowed} title={markReadCan.hint} onClick={() => markRead('all')}>
              Mark all read
            </button>
            <button type="button" className="button button-quiet" aria-label="Close alerts" onClick={() => close(true)}>
              ✕
            </button>
          </header>
          {(loadError ?? error) && (
            <p className="alert alert-panel-error" role="alert">
              {loadError ?? error}
            </p>
          )}
          {shown.length === 0 ? (
            <p className="alert-empty" data-testid="alert-empty">
              {!loaded && !loadError ? 'Loading alerts…' : unreadOnly ? 'Nothing unread.' : 'No alerts yet. Proposals, fills, the kill switch, regime changes, whales and sentiment spikes show up here.'}
            </p>
          ) : (
            <ul className="alert-list" aria-label="Alerts, newest first">
              {shown.map((alert) => (
                <AlertItem
                  key={alert.id}
                  alert={alert}
                  now={now}
                  onMarkRead={(id) => {
                    markRead([id]);
                    // The button goes with the unread mark; the keyboard stays in the list.
                    panel.current?.focus();
                  }}
                  onOpenProposal={openProposal}
                />
              ))}
            </ul>
          )}
          {hasOlder && !unreadOnly && (
            <button
              type="button"
              className="button button-quiet alert-older"
              data-testid="alert-load-older"
              disabled={loadingOlder}
              onClick={() => {
                setLoadingOlder(true);
                void loadOlderAlerts(client, store).then((failure) => {
                  setLoadingOlder(false);
                  if (failure) setError(failure);
                });
              }}
            >
              {loadingOlder ? 'Loading…' : 'Show older alerts'}
            </button>
          )}
          <footer className="alert-panel-foot">
            <span className="alert-telegram" data-testid="alert-telegram-state" data-state={telegram?.state ?? 'unknown'}>
              Telegram: {telegram ? (telegram.state === 'running' && telegram.botUsername ? `running as @${telegram.botUsername}` : telegram.state) : 'unknown'}
            </span>
            <button
              type="button"
              className="button button-quiet"
              data-testid="alert-open-rules"
              onClick={() => {
                close(false);
                setSettings(true);
              }}
            >
              Alert rules…
            </button>
          </footer>
        </div>
      )}
      {/* The open list already shows them: toasts would only cover it. */}
      {!open && <AlertToasts store={store} onOpenProposal={openProposal} />}
      {settings && <AlertsSettingsLauncher onClose={() => setSettings(false)} />}
    </div>
  );
}

function BellIcon() {
  return (
    <svg className="alert-bell-icon" viewBox="0 0 16 16" width="15" height="15" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M8 16a2 2 0 0 0 2-2H6a2 2 0 0 0 2 2Zm5-5V7a5 5 0 0 0-4-4.9V1a1 1 0 1 0-2 0v1.1A5 5 0 0 0 3 7v4l-1.5 1.5V13h13v-.5L13 11Z"
      />
    </svg>
  );
}
