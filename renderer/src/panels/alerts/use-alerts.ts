import { useEffect } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { EngineClient } from '../../engine-client/engine-client';
import { createAlertsStore, type AlertsStore } from './alerts-store';
import { startAlertsSync } from './alerts-sync';

type Shared = { readonly store: AlertsStore; users: number; stop: (() => void) | null };

/** One alerts store per engine connection, shared by the bell, the toasts and the settings, synced while any is mounted. */
const shared = new WeakMap<EngineClient, Shared>();

/** The alerts store of the connected engine; keeps it synced while the calling component is mounted. */
export function useAlertsStore(): AlertsStore {
  const client = useEngineClient();
  let entry = shared.get(client);
  if (!entry) {
    entry = { store: createAlertsStore(), users: 0, stop: null };
    shared.set(client, entry);
  }
  const current = entry;
  useEffect(() => {
    current.users += 1;
    current.stop ??= startAlertsSync(client, current.store);
    return () => {
      current.users -= 1;
      if (current.users === 0) {
        current.stop?.();
        current.stop = null;
      }
    };
  }, [client, current]);
  return current.store;
}
