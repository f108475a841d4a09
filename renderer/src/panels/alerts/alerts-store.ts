import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AlertSeverity, AlertView, TelegramStatusView } from '../../engine-client/api-types';
import { atLeast } from './alert-format';

/** A new alert shown over the workstation for a while. */
export type AlertToast = { readonly alert: AlertView; readonly shownAt: number };

export type AlertsStoreState = {
  /** Newest first. */
  readonly alerts: readonly AlertView[];
  /** Unread alerts in the engine (the list may hold fewer than all of them). */
  readonly unread: number;
  readonly loaded: boolean;
  /** Whether the engine may hold alerts older than the oldest one here (the last page read was full). */
  readonly hasOlder: boolean;
  /** Why the alerts could not be read (an engine without alerts, a refused call). */
  readonly loadError: string | null;
  /** Oldest first, at most MAX_TOASTS. */
  readonly toasts: readonly AlertToast[];
  readonly telegram: TelegramStatusView | null;
  /** The list as the engine has it: replaces what the store held. */
  setAlerts(alerts: readonly AlertView[], hasOlder?: boolean): void;
  /** A page of older alerts the trader asked for: added below, beyond the usual cap. */
  appendOlder(alerts: readonly AlertView[], hasOlder: boolean): void;
  /** A raised alert from the stream; `live` ones may pop up a toast, replayed ones never twice. */
  applyAlert(alert: AlertView, options?: { readonly live?: boolean; readonly now?: number }): void;
  /** Marks alerts read here at once; the engine's answer then sets the true count. */
  markReadLocally(ids: readonly string[] | 'all'): void;
  setUnread(unread: number): void;
  setLoadError(error: string | null): void;
  dismissToast(alertId: string): void;
  /** Gives every toast on screen its full time again from `now` (after the trader held them to read). */
  restartToasts(now: number): void;
  /** Drops toasts past their time; returns when the next one is due, or null when none is left. */
  expireToasts(now: number): number | null;
  setTelegram(status: TelegramStatusView): void;
  reset(): void;
};

export type AlertsStore = StoreApi<AlertsStoreState>;

/** Alerts the window keeps; older ones stay in the engine. */
export const KEEP_ALERTS = 500;
/** Toasts on screen at once: a burst replaces the oldest rather than piling up. */
export const MAX_TOASTS = 3;
/** Alerts quieter than this go to the centre only. */
export const TOAST_FLOOR: AlertSeverity = 'warning';
/** How long a toast stays; a critical one longer, because it usually needs an action. */
export const TOAST_MS: Readonly<Record<AlertSeverity, number>> = { info: 6_000, warning: 8_000, critical: 15_000 };

const EMPTY = { alerts: [], unread: 0, loaded: false, hasOlder: false, loadError: null, toasts: [], telegram: null } satisfies Partial<AlertsStoreState>;

export function createAlertsStore(): AlertsStore {
  return createStore<AlertsStoreState>()((set, get) => ({
    ...EMPTY,
    setAlerts: (alerts, hasOlder = false) => {
      const list = newestFirst(uniqueById(alerts)).slice(0, KEEP_ALERTS);
      const byId = new Map(list.map((a) => [a.id, a]));
      // A toast whose alert was read elsewhere has done its job.
      set({ alerts: list, unread: countUnread(list), loaded: true, hasOlder, toasts: get().toasts.filter((t) => byId.get(t.alert.id)?.read !== true) });
    },
    appendOlder: (older, hasOlder) => {
      const { alerts, unread } = get();
      const known = new Set(alerts.map((a) => a.id));
      const fresh = uniqueById(older).filter((a) => !known.has(a.id));
      set({ alerts: newestFirst([...alerts, ...fresh]), unread: unread + countUnread(fresh), hasOlder });
    },
    applyAlert: (alert, { live = false, now = Date.now() } = {}) => {
      const { alerts, unread, toasts } = get();
      const known = alerts.find((a) => a.id === alert.id);
      if (known) {
        // The same alert again (a replay, or its read flag changed): replaced, counted once.
        const delta = Number(!alert.read) - Number(!known.read);
        set({
          alerts: alerts.map((a) => (a.id === alert.id ? alert : a)),
          unread: Math.max(0, unread + delta),
          toasts: alert.read ? toasts.filter((t) => t.alert.id !== alert.id) : toasts,
        });
        return;
      }
      const toast = live && !alert.read && atLeast(alert.severity, TOAST_FLOOR);
      set({
        alerts: newestFirst([alert, ...alerts]).slice(0, KEEP_ALERTS),
        unread: unread + (alert.read ? 0 : 1),
        toasts: toast ? [...toasts, { alert, shownAt: now }].slice(-MAX_TOASTS) : toasts,
      });
    },
    markReadLocally: (ids) => {
      const { alerts, unread, toasts } = get();
      const marked = ids === 'all' ? null : new Set(ids);
      const hit = (a: AlertView): boolean => marked === null || marked.has(a.id);
      const newlyRead = alerts.filter((a) => !a.read && hit(a)).length;
      set({
        alerts: alerts.map((a) => (!a.read && hit(a) ? { ...a, read: true } : a)),
        unread: marked === null ? 0 : Math.max(0, unread - newlyRead),
        toasts: toasts.filter((t) => !hit(t.alert)),
      });
    },
    setUnread: (next) => set({ unread: Math.max(0, next) }),
    setLoadError: (error) => set({ loadError: error }),
    dismissToast: (alertId) => set({ toasts: get().toasts.filter((t) => t.alert.id !== alertId) }),
    restartToasts: (now) => set({ toasts: get().toasts.map((t) => ({ ...t, shownAt: now })) }),
    expireToasts: (now) => {
      const { toasts } = get();
      const left = toasts.filter((t) => toastEndsAt(t) > now);
      if (left.length !== toasts.length) set({ toasts: left });
      return left.length === 0 ? null : Math.min(...left.map(toastEndsAt));
    },
    setTelegram: (status) => set({ telegram: status }),
    reset: () => set(EMPTY),
  }));
}

export function toastEndsAt(toast: AlertToast): number {
  return toast.shownAt + TOAST_MS[toast.alert.severity];
}

function countUnread(alerts: readonly AlertView[]): number {
  return alerts.reduce((n, a) => n + (a.read ? 0 : 1), 0);
}

function newestFirst(alerts: readonly AlertView[]): AlertView[] {
  // Ids break ties so two alerts of one millisecond keep one order in every window.
  return [...alerts].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

function uniqueById(alerts: readonly AlertView[]): AlertView[] {
  const byId = new Map<string, AlertView>();
  for (const alert of alerts) byId.set(alert.id, alert);
  return [...byId.values()];
}
