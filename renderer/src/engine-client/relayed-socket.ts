import type { RemoteSocketWindowMessage } from '../../../electron/shared/channels';
import type { StratusDesktopApi } from '../../../electron/shared/preload-api';
import type { RelayToMain, RelayToPage } from '../../../electron/shared/remote-socket';
import type { PortMessageTarget } from './message-port-transport';
import type { WebSocketLike } from './websocket-transport';

const RELAY_MESSAGE = 'stratus:remote-socket' satisfies RemoteSocketWindowMessage['type'];
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

let nextId = 0;

/**
 * A remote engine's WebSocket in the desktop app, opened by main (which checks the engine's pinned
 * certificate for its exact host:port) and relayed over a MessagePort; to the WebSocket transport it
 * looks like the browser's WebSocket.
 */
export function createRelayedSocket(url: string, desktop: Pick<StratusDesktopApi, 'openRemoteSocket'>, target: PortMessageTarget): WebSocketLike {
  const id = `relay-${++nextId}`;
  let port: MessagePort | null = null;
  let state = CONNECTING;

  const toMain = (message: RelayToMain): void => port?.postMessage(message);

  const closed = (code: number, reason: string): void => {
    if (state === CLOSED) return;
    state = CLOSED;
    target.removeEventListener('message', onWindowMessage);
    port?.close();
    port = null;
    socket.onclose?.(Object.assign(new Event('close'), { code, reason, wasClean: code === 1000 }));
  };

  const onRelay = (event: MessageEvent): void => {
    // Structured clone from main, which sends only RelayToPage shapes.
    const message = event.data as RelayToPage;
    if (message.kind === 'open' && state === CONNECTING) {
      state = OPEN;
      socket.onopen?.(new Event('open'));
    } else if (message.kind === 'message' && state === OPEN) {
      socket.onmessage?.(new MessageEvent('message', { data: message.data }));
    } else if (message.kind === 'close') {
      closed(message.code, message.reason);
    }
  };

  // The preload posts the relay port to this window; a frame's message, or another socket's, is not ours.
  const onWindowMessage = (event: MessageEvent): void => {
    if (event.source !== target || port !== null) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || Reflect.get(data, 'type') !== RELAY_MESSAGE || Reflect.get(data, 'id') !== id) return;
    const relay = event.ports[0];
    if (!relay) return;
    target.removeEventListener('message', onWindowMessage);
    if (state === CLOSED) {
      relay.close();
      return;
    }
    port = relay;
    relay.onmessage = onRelay;
    if (state === CLOSING) toMain({ kind: 'close', code: 1000, reason: 'closed before it opened' });
  };

  const socket: WebSocketLike = {
    get readyState() {
      return state;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send(data) {
      if (state !== OPEN) throw new Error('the WebSocket to the engine is not open');
      toMain({ kind: 'send', data });
    },
    close(code = 1000, reason = '') {
      if (state === CLOSED || state === CLOSING) return;
      state = CLOSING;
      toMain({ kind: 'close', code, reason });
    },
  };

  target.addEventListener('message', onWindowMessage);
  desktop.openRemoteSocket(url, id);
  return socket;
}
