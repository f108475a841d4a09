import { useEffect } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { EngineClient } from '../../engine-client/engine-client';
import { createTradingStore, type TradingStore } from './trading-store';
import { startTradingSync } from './trading-sync';

type Shared = { readonly store: TradingStore; users: number; stop: (() => void) | null };

/** One trading store per engine connection, shared by every trading panel and synced while any is mounted. */
const shared = new WeakMap<EngineClient, Shared>();

function sharedFor(client: EngineClient): Shared {
  let entry = shared.get(client);
  if (!entry) {
    entry = { store: createTradingStore(), users: 0, stop: null };
    shared.set(client, entry);
  }
  return entry;
}

/** The trading store of the connected engine; keeps it synced while the calling component is mounted. */
export function useTradingStore(): TradingStore {
  const client = useEngineClient();
  const entry = sharedFor(client);
  useEffect(() => {
    entry.users += 1;
    entry.stop ??= startTradingSync(client, entry.store);
    return () => {
      entry.users -= 1;
      if (entry.users === 0) {
        entry.stop?.();
        entry.stop = null;
      }
    };
  }, [client, entry]);
  return entry.store;
}
