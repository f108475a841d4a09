import type { EngineFailedWindowMessage, EnginePortWindowMessage } from '../../../electron/shared/channels';
import type { StratusDesktopApi } from '../../../electron/shared/preload-api';
import type { ServerMessage } from './api-types';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffConfig } from './backoff';
import type { LinkStatus, Transport, TransportListener } from './transport';

const PORT_MESSAGE = 'stratus:engine-port' satisfies EnginePortWindowMessage['type'];
const FAILED_MESSAGE = 'stratus:engine-failed' satisfies EngineFailedWindowMessage['type'];

/** Where the preload posts the engine's port: the page's own window. */
export type PortMessageTarget = {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
};

export type MessagePortTransportConfig = {
  readonly desktop: Pick<StratusDesktopApi, 'requestEnginePort'>;
  readonly target: PortMessageTarget;
  readonly backoff?: BackoffConfig;
};

/**
 * The engine in the desktop app: Electron's main process hands this window a MessagePort to the
 * engine's utility process. The port itself is the credential, so there is no hello; the engine
 * sends `welcome` as soon as the port is connected. A new port (the engine restarted) replaces the old.
 */
export function createMessagePortTransport(config: MessagePortTransportConfig): Transport {
  let listener: TransportListener | null = null;
  let port: MessagePort | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let finished = false;
  let closed = false;

  const report = (status: LinkStatus): void => listener?.onStatus(status);

  const askAgainLater = (): void => {
    if (retryTimer !== null || finished) return;
    attempt += 1;
    const delayMs = backoffDelay(attempt, config.backoff ?? DEFAULT_BACKOFF);
    report({ state: 'reconnecting', attempt, delayMs });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!finished && port === null) config.desktop.requestEnginePort();
    }, delayMs);
  };

  const adopt = (next: MessagePort): void => {
    if (port) {
      const old = port;
      port = null;
      old.close();
      report({ state: 'reconnecting', attempt: 0, delayMs: 0 });
    }
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    port = next;
    next.onmessage = (event: MessageEvent) => {
      if (port !== next) return;
      // Structured clone from the engine, which speaks this protocol.
      const message = event.data as ServerMessage;
      if (message.type === 'refused') {
        finished = true;
        report({ state: 'refused', reason: message.reason });
        return;
      }
      if (message.type === 'welcome') attempt = 0;
      listener?.onMessage(message);
    };
    // Electron adds a `close` event to MessagePort, fired when the other end goes away (the engine died).
    next.addEventListener('close', () => {
      if (port !== next) return;
      port = null;
      askAgainLater();
    });
    next.start();
  };

  const onWindowMessage = (event: MessageEvent): void => {
    // Frames can post to this window too; only the preload, posting as this window, is trusted.
    if (event.source !== config.target) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || !('type' in data)) return;
    if (data.type === PORT_MESSAGE) {
      const next = event.ports[0];
      if (next && !finished) adopt(next);
    } else if (data.type === FAILED_MESSAGE) {
      const message = 'message' in data && typeof data.message === 'string' ? data.message : 'The engine could not start.';
      report({ state: 'closed', reason: { type: 'EngineFailed', message } });
    }
  };

  return {
    start(next) {
      if (listener) throw new Error('a transport starts once');
      listener = next;
      config.target.addEventListener('message', onWindowMessage);
      report({ state: 'connecting' });
      config.desktop.requestEnginePort();
    },
    send(message) {
      if (!port) throw new Error('no port to the engine');
      port.postMessage(message);
    },
    close() {
      if (closed) return;
      closed = true;
      finished = true;
      config.target.removeEventListener('message', onWindowMessage);
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      port?.close();
      port = null;
      report({ state: 'closed', reason: null });
    },
  };
}
