import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PairReply, PairRequest } from '../../../electron/shared/pairing';
import type { Rejection, SystemInfo, WhoAmIView } from '../engine-client/api-types';
import { EngineClient, type ConnectionState } from '../engine-client/engine-client';
import type { EngineTarget } from '../engine-client/engine-target';
import type { TransportFactory } from '../engine-client/create-transport';
import { loadSavedConnection, saveConnection, type KeyValueStorage, type SavedConnection } from './connection-storage';
import { errorText } from '../format/format';

export type ConnectionStoreState = {
  /** The engine chosen last; kept after a disconnect so the connection screen starts from it. */
  readonly target: EngineTarget | null;
  readonly client: EngineClient | null;
  /** The client's connection state; null before the first connect and after a disconnect. */
  readonly connection: ConnectionState | null;
  /** The current client reached the engine at least once: a later drop is a blip, not a setup problem. */
  readonly hasOpened: boolean;
  readonly info: SystemInfo | null;
  /** Who the engine says this connection is (`auth.whoami`): role, device; null until it answers. */
  readonly identity: WhoAmIView | null;
  readonly saved: SavedConnection | null;
  /** "This computer" is offered only inside the desktop app. */
  readonly localAvailable: boolean;
  /** A pairing link the page was opened with (`#pair=…`), for the connection screen to start from. */
  readonly offeredPairing: string | null;
  connect(target: EngineTarget, credentials?: { readonly token: string; readonly remember: boolean }): void;
  /**
   * Exchanges a pairing code for this device's own token, then connects to `apiUrl` with it,
   * remembered like a typed token. Resolves with the engine's answer, failures included.
   */
  pair(request: PairRequest, apiUrl: string): Promise<PairReply>;
  disconnect(): void;
  /** Ends the connection for a reason the window learned outside the engine link (a refused certificate). */
  fail(reason: Rejection): void;
};

export type ConnectionStoreDeps = {
  readonly createTransport: TransportFactory;
  readonly storage: KeyValueStorage | null;
  readonly localAvailable: boolean;
  /** POST /pair, through main in the desktop app (certificate pinned) or fetch in a browser. */
  readonly pairDevice?: (request: PairRequest) => Promise<PairReply>;
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

    // Asked on every welcome: a device's role can change between connections.
    const loadIdentity = (client: EngineClient): void => {
      client.call('auth.whoami', {}).then(
        (identity) => {
          if (get().client === client) set({ identity });
        },
        (error: unknown) => console.warn('engine: auth.whoami failed', error),
      );
    };

    const follow = (client: EngineClient, token: string): (() => void) => {
      let infoFor: string | null = null;
      return client.onStateChange((state) => {
        if (get().client !== client) return;
        set((current) => ({ connection: state, hasOpened: current.hasOpened || state.status === 'open' }));
        if (state.status === 'open') loadIdentity(client);
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
      identity: null,
      saved: loadSavedConnection(deps.storage),
      localAvailable: deps.localAvailable,
      offeredPairing: null,

      connect(target, credentials = { token: '', remember: false }) {
        release();
        const saved: SavedConnection = { target, token: credentials.remember && credentials.token !== '' ? credentials.token : null };
        saveConnection(deps.storage, saved);
        let client: EngineClient;
        try {
          client = new EngineClient(deps.createTransport(target, credentials.token));
        } catch (error) {
          const message = errorText(error);
          set({ target, saved, client: null, hasOpened: false, info: null, identity: null, connection: { status: 'closed', reason: { type: 'Unavailable', message }, engineId: null, retry: null } });
          return;
        }
        set({ target, saved, client, connection: client.getState(), hasOpened: false, info: null, identity: null });
        detach = follow(client, credentials.token);
        client.start();
      },

      async pair(request, apiUrl) {
        if (!deps.pairDevice) return { ok: false, kind: 'invalid', message: 'Pairing is not available in this window.' };
        const reply = await deps.pairDevice(request);
        if (reply.ok) get().connect({ kind: 'remote', url: apiUrl }, { token: reply.token, remember: true });
        return reply;
      },

      disconnect() {
        release();
        set({ client: null, connection: null, hasOpened: false, info: null, identity: null });
      },

      fail(reason) {
        const { connection } = get();
        if (!connection) return;
        release();
        set({ client: null, hasOpened: false, info: null, identity: null, connection: { status: 'closed', reason, engineId: connection.engineId, retry: null } });
      },
    };
  });
}
