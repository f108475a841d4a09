import type { StratusDesktopApi } from '../../../electron/shared/preload-api';
import { createMessagePortTransport } from './message-port-transport';
import type { EngineTarget } from './engine-target';
import { createRelayedSocket } from './relayed-socket';
import type { Transport } from './transport';
import { createWebSocketTransport } from './websocket-transport';

export type TransportFactory = (target: EngineTarget, token: string) => Transport;

/** Builds the transport for a target in this window; the client never learns which one it got. */
export function transportFactory(desktop: StratusDesktopApi | null, target: Window): TransportFactory {
  return (engine, token) => {
    if (engine.kind === 'remote') {
      // In the desktop app main opens wss itself, so the engine's pin is checked for its exact host:port.
      if (desktop && engine.url.startsWith('wss:')) return createWebSocketTransport({ url: engine.url, token, createSocket: (url) => createRelayedSocket(url, desktop, target) });
      return createWebSocketTransport({ url: engine.url, token });
    }
    if (!desktop) throw new Error('"This computer" is only available in the Stratus desktop app');
    return createMessagePortTransport({ desktop, target });
  };
}
