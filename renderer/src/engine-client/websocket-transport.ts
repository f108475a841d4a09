import type { Rejection, ServerMessage } from './api-types';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffConfig } from './backoff';
import { PROTOCOL_VERSION } from './protocol-version';
import type { LinkStatus, Transport, TransportListener } from './transport';
import { errorText } from '../format/format';

/** The engine closes with this code after refusing a token (CLOSE_CODES.authFailed in engine/api/protocol.ts). */
const AUTH_FAILED_CODE = 4401;
const OPEN = 1;

/** The part of the browser's WebSocket this transport uses, so tests can hand it a fake. */
export type WebSocketLike = {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};

export type WebSocketTransportConfig = {
  /** ws:// or wss:// URL of the engine's API endpoint, e.g. ws://127.0.0.1:7420/api. */
  readonly url: string;
  readonly token: string;
  readonly backoff?: BackoffConfig;
  readonly random?: () => number;
  readonly createSocket?: (url: string) => WebSocketLike;
};

/**
 * The engine over WebSocket, for `stratus serve` and remote engines: says hello with the token
 * first, and reconnects with backoff whenever the link drops, unless the engine refused us.
 */
export function createWebSocketTransport(config: WebSocketTransportConfig): Transport {
  const createSocket = config.createSocket ?? ((url: string): WebSocketLike => new WebSocket(url));
  let listener: TransportListener | null = null;
  let socket: WebSocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let finished = false;
  let closed = false;

  const report = (status: LinkStatus): void => listener?.onStatus(status);

  const finish = (status: Extract<LinkStatus, { state: 'refused' | 'closed' }>): void => {
    if (finished) return;
    finished = true;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    report(status);
  };

  const scheduleReconnect = (): void => {
    attempt += 1;
    const delayMs = backoffDelay(attempt, config.backoff ?? DEFAULT_BACKOFF, config.random);
    report({ state: 'reconnecting', attempt, delayMs });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!finished) open();
    }, delayMs);
  };

  const open = (): void => {
    let refusal: Rejection | null = null;
    let ws: WebSocketLike;
    try {
      ws = createSocket(config.url);
    } catch (error) {
      // A malformed URL never becomes valid by waiting.
      finish({ state: 'closed', reason: { type: 'InvalidUrl', message: `Cannot connect to ${config.url}: ${errorText(error)}` } });
      return;
    }
    socket = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', token: config.token, protocol: PROTOCOL_VERSION }));
    };
    ws.onmessage = (event) => {
      const message = decode(event.data);
      if (message === null) return;
      if (message.type === 'refused') {
        refusal = message.reason;
        return;
      }
      if (message.type === 'welcome') attempt = 0;
      listener?.onMessage(message);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (finished) return;
      if (refusal !== null || event.code === AUTH_FAILED_CODE) {
        finish({ state: 'refused', reason: refusal ?? { type: 'AuthError', message: 'the engine refused this token' } });
        return;
      }
      scheduleReconnect();
    };
    // A failed socket always closes too; the close handler decides what happens next.
    ws.onerror = () => {};
  };

  return {
    start(next) {
      if (listener) throw new Error('a transport starts once');
      listener = next;
      report({ state: 'connecting' });
      open();
    },
    send(message) {
      if (!socket || socket.readyState !== OPEN) throw new Error('the WebSocket to the engine is not open');
      socket.send(JSON.stringify(message));
    },
    close() {
      if (closed) return;
      closed = true;
      finished = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closed by the user');
      report({ state: 'closed', reason: null });
    },
  };
}

function decode(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return null;
    // The engine is the only sender on this socket and speaks this protocol.
    return parsed as ServerMessage;
  } catch {
    return null;
  }
}
