import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SystemInfo } from '../engine-client/api-types';
import { EngineClient, type ConnectionState } from '../engine-client/engine-client';
import type { EngineTarget } from '../engine-client/engine-target';
import type { TransportFactory } from '../engine-client/create-transport';
import { loadSavedConnection, saveConnection, type KeyValueStorage, type SavedConnection } from './connection-storage';

export type ConnectionStoreState = {
  /** The engine chosen last; kept after a disconnect so the connection screen starts from it. */
  readonly target: EngineTarget | null;
  readonly client: EngineClient | null;
  /** The client's connection state; null before the first connect and after a disconnect. */
  readonly connection: ConnectionState | null;
  /** The current client reached the engine at least once: a later drop is a blip, not a setup problem. */
  readonly hasOpened: boolean;
  readonly info: SystemInfo | null;
  readonly saved: SavedConnection | null;
  /** "This computer" is offered only inside the desktop app. */
  readonly localAvailable: boolean;
  connect(target: EngineTarget, credentials?: { readonly token: string; readonly remember: boolean }): void;
  disconnect(): void;
};

export type ConnectionStoreDeps = {
  readonly createTransport: TransportFactory;
  readonly storage: KeyValueStorage | null;
  readonly localAvailable: boolean;
};

export type ConnectionStore = StoreApi<ConnectionStoreState>;

export function createConnectionStore(deps: ConnectionStoreDeps): ConnectionStore {
  let detach: (() => void) | null = null;

  return createStore<ConnectionStoreState>()((set, get) => {
    const loadInfo = (client: EngineClient): void => {
      client.call('system.info', {}).then(
        (info) => {
          if (get().client === client) set({ info });
        },
        (error: unknown) => console.warn('engine: system.info failed', error),
      );
    };

    const follow = (client: EngineClient, token: string): (() => void) => {
      let infoFor: string | null = null;
      return client.onStateChange((state) => {
        if (get().client !== client) return;
        set((current) => ({ connection: state, hasOpened: current.hasOpened || state.status === 'open' }));
        if (state.status === 'open' && state.engineId !== infoFor) {
          infoFor = state.engineId;
          loadInfo(client);
        }
        if (state.status === 'refused') forgetToken(token);
      });
    };

    // A refused token must not be offered again on the next start.
    const forgetToken = (token: string): void => {
      const saved = get().saved;
      if (!saved || saved.token !== token) return;
      const next: SavedConnection = { target: saved.target, token: null };
      saveConnection(deps.storage, next);
      set({ saved: next });
    };

    const release = (): void => {
      detach?.();
      detach = null;
      get().client?.close();
    };

    return {
      target: loadSavedConnection(deps.storage)?.target ?? null,
      client: null,
      connection: null,
      hasOpened: false,
      info: null,
      saved: loadSavedConnection(deps.storage),
      localAvailable: deps.localAvailable,

      connect(target, credentials = { token: '', remember: false }) {
        release();
        const saved: SavedConnection = { target, token: credentials.remember && credentials.token !== '' ? credentials.token : null };
        saveConnection(deps.storage, saved);
        let client: EngineClient;
        try {
          client = new EngineClient(deps.createTransport(target, credentials.token));
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          set({ target, saved, client: null, hasOpened: false, info: null, connection: { status: 'closed', reason: { type: 'Unavailable', message }, engineId: null, retry: null } });
          return;
        }
        set({ target, saved, client, connection: client.getState(), hasOpened: false, info: null });
        detach = follow(client, credentials.token);
        client.start();
      },

      disconnect() {
        release();
        set({ client: null, connection: null, hasOpened: false, info: null });
      },
    };
  });
}
