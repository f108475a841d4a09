import type { EngineClient } from '../../engine-client/engine-client';
import type { AlertView } from '../../engine-client/api-types';
import type { AlertsStore } from './alerts-store';
import { errorText } from '../../format/format';

type SyncClient = Pick<EngineClient, 'call' | 'on' | 'onGap' | 'onStateChange' | 'getState'>;

/** Newest alerts loaded at start; the stream adds the rest. */
export const LOAD_ALERTS = 200;
/** Unread alerts loaded besides, so the count and the list agree even when many wait. */
export const LOAD_UNREAD = 500;

/**
 * Keeps the alerts store in step with the engine: the list (newest and unread) and the Telegram status
 * are loaded when an engine welcomes us and again after a gap in their stream; `alerts.raised` adds
 * each new alert (with a toast when it matters) and `alerts.status` follows the bot. An alert that
 * arrives while the list is loading is kept, not overwritten by the older answer. Returns a stop function.
 */
export function startAlertsSync(client: SyncClient, store: AlertsStore): () => void {
  let stopped = false;
  let loading = 0;
  let arrivedWhileLoading: AlertView[] = [];
  const state = () => store.getState();

  const loadAlerts = (): void => {
    const generation = ++loading;
    arrivedWhileLoading = [];
    Promise.all([client.call('alerts.list', { limit: LOAD_ALERTS }), client.call('alerts.list', { limit: LOAD_UNREAD, unreadOnly: true })]).then(
      ([recent, unread]) => {
        if (stopped || generation !== loading) return;
        state().setAlerts([...recent, ...unread], recent.length === LOAD_ALERTS);
        for (const alert of arrivedWhileLoading) state().applyAlert(alert);
        arrivedWhileLoading = [];
        state().setLoadError(null);
      },
      (failure: unknown) => {
        if (!stopped && generation === loading) state().setLoadError(errorText(failure));
      },
    );
  };
  const loadTelegram = (): void => {
    // The status is for the settings and the centre's footer: an engine that refuses it leaves the alerts working.
    client.call('alerts.telegram', {}).then(
      (status) => !stopped && state().setTelegram(status),
      () => undefined,
    );
  };

  const offs = [
    client.on('alerts.raised', (alert) => {
      arrivedWhileLoading.push(alert);
      state().applyAlert(alert, { live: true });
    }),
    client.on('alerts.status', (status) => state().setTelegram(status)),
    // A restarted engine is loaded afresh by the welcome below; only lost events need a reload here.
    client.onGap('alerts.raised', (reason) => reason === 'events-lost' && loadAlerts()),
    client.onGap('alerts.status', (reason) => reason === 'events-lost' && loadTelegram()),
  ];

  let loadedFrom: string | null = null;
  const loadOnWelcome = (connection: ReturnType<SyncClient['getState']>): void => {
    // A reconnect to the same engine replays what was missed; a new engine is loaded from scratch.
    if (connection.status !== 'open' || connection.engineId === loadedFrom) return;
    loadedFrom = connection.engineId;
    loadAlerts();
    loadTelegram();
  };
  offs.push(client.onStateChange(loadOnWelcome));
  loadOnWelcome(client.getState());

  return () => {
    stopped = true;
    for (const off of offs) off();
  };
}

/**
 * Reads the page of alerts before the oldest one shown. The engine pages by time (strictly earlier), so
 * the page starts at the oldest shown millisecond and the ones already here are dropped, not skipped.
 */
export function loadOlderAlerts(client: Pick<EngineClient, 'call'>, store: AlertsStore): Promise<string | null> {
  const oldest = store.getState().alerts.at(-1);
  if (!oldest) return Promise.resolve(null);
  return client.call('alerts.list', { limit: LOAD_ALERTS, before: oldest.at + 1 }).then(
    (page) => {
      const known = new Set(store.getState().alerts.map((a) => a.id));
      store.getState().appendOlder(page, page.length === LOAD_ALERTS && page.some((a) => !known.has(a.id)));
      return null;
    },
    (failure: unknown) => (errorText(failure)),
  );
}

/**
 * Marks alerts read: at once in the window, then as the engine counts them. A refusal leaves the
 * window's marks (the alerts were seen) and is returned for the caller to show.
 */
export function markAlertsRead(client: Pick<EngineClient, 'call'>, store: AlertsStore, ids: readonly string[] | 'all'): Promise<string | null> {
  if (ids !== 'all' && ids.length === 0) return Promise.resolve(null);
  store.getState().markReadLocally(ids);
  return client.call('alerts.markRead', ids === 'all' ? { all: true } : { ids: [...ids] }).then(
    ({ unread }) => {
      store.getState().setUnread(unread);
      return null;
    },
    (failure: unknown) => (errorText(failure)),
  );
}
