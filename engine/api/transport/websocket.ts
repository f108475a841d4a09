import type { IncomingMessage } from 'node:http';
import type { HttpServer } from '../http-server';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AuthError, RateLimitError, ValidationError, toRejection } from '../../core/errors';
import { requestIdOf, type ApiServer, type ApiSession } from '../api-server';
import type { Authentication } from '../auth/auth-service';
import { SERVE_TOKEN_PRINCIPAL } from '../auth/principal';
import { CLOSE_CODES, MAX_MESSAGE_BYTES, PROTOCOL_VERSION, clientMessageSchema, type ServerMessage } from '../protocol';
import { TokenBucket } from './rate-limiter';

export type WebSocketTransportConfig = {
  readonly api: ApiServer;
  /**
   * Settles who a hello's token belongs to (and counts failures per address). Without it,
   * `verifyToken` checks one shared admin token.
   */
  readonly authenticate?: (token: string, remoteAddress: string) => Authentication;
  /** Checks a presented token; must compare in constant time. */
  readonly verifyToken?: (token: string) => boolean;
  readonly path?: string;
  readonly maxMessageBytes?: number;
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number };
  readonly authTimeoutMs?: number;
  /** A client that reads slower than the engine publishes is cut off past this many queued bytes. */
  readonly maxBufferedBytes?: number;
  readonly onAuthFailure?: (remoteAddress: string) => void;
};

export type WebSocketTransport = {
  readonly connectionCount: () => number;
  close(): Promise<void>;
};

/** Consecutive refused messages after which a flooding client is disconnected. */
const MAX_CONSECUTIVE_REFUSALS = 200;

let nextConnection = 0;

/**
 * Serves the API over WebSocket on an HTTP server's upgrade path. The first message must be a
 * `hello` carrying the token; until then nothing reaches the engine.
 */
export function attachWebSocketTransport(server: HttpServer, config: WebSocketTransportConfig): WebSocketTransport {
  const path = config.path ?? '/api';
  const authTimeoutMs = config.authTimeoutMs ?? 5_000;
  const maxBuffered = config.maxBufferedBytes ?? 64 * 1024 * 1024;
  const rate = config.rateLimit ?? { perSecond: 500, burst: 1_000 };
  const authenticate =
    config.authenticate ??
    ((token: string): Authentication =>
      config.verifyToken?.(token) ? { ok: true, principal: SERVE_TOKEN_PRINCIPAL } : { ok: false, error: new AuthError('the engine refused this token') });
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes ?? MAX_MESSAGE_BYTES });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request.socket.remoteAddress ?? 'unknown'));
  };
  server.on('upgrade', onUpgrade);

  function accept(ws: WebSocket, remoteAddress: string): void {
    let session: ApiSession | null = null;
    let refusals = 0;
    const bucket = new TokenBucket(rate.perSecond, rate.burst);
    const send = (message: ServerMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        ws.close(1008, 'client too slow');
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const refuse = (code: number, reason: ServerMessage): void => {
      send(reason);
      ws.close(code);
    };
    const authTimer = setTimeout(() => {
      refuse(CLOSE_CODES.authTimeout, { type: 'refused', reason: toRejection(new AuthError('no hello within the time allowed')) });
    }, authTimeoutMs);

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const decoded = isBinary ? undefined : decode(data);
      if (!bucket.tryTake()) {
        if (++refusals > MAX_CONSECUTIVE_REFUSALS) ws.close(CLOSE_CODES.rateLimited, 'rate limit');
        else send({ type: 'error', id: requestIdOf(decoded), error: toRejection(new RateLimitError('too many messages; slow down')) });
        return;
      }
      refusals = 0;
      if (decoded === undefined) {
        send({ type: 'error', id: null, error: toRejection(new ValidationError('messages must be JSON text')) });
        return;
      }
      if (session) {
        session.receive(decoded);
        return;
      }
      clearTimeout(authTimer);
      const token = helloToken(decoded);
      if (token === null) {
        refuse(CLOSE_CODES.protocolError, {
          type: 'refused',
          reason: toRejection(new AuthError(`the first message must be a hello with a token (protocol ${PROTOCOL_VERSION})`)),
        });
        return;
      }
      const verdict = authenticate(token, remoteAddress);
      if (!verdict.ok) {
        config.onAuthFailure?.(remoteAddress);
        const code = verdict.error instanceof RateLimitError ? CLOSE_CODES.rateLimited : CLOSE_CODES.authFailed;
        refuse(code, { type: 'refused', reason: toRejection(verdict.error) });
        return;
      }
      session = config.api.open({
        id: `ws-${++nextConnection}`,
        transport: 'websocket',
        send,
        principal: verdict.principal,
        terminate: (reason) => refuse(CLOSE_CODES.authFailed, { type: 'refused', reason }),
      });
    });
    ws.on('close', () => {
      clearTimeout(authTimer);
      session?.close();
    });
    ws.on('error', () => ws.terminate());
  }

  return {
    connectionCount: () => wss.clients.size,
    close: () =>
      new Promise((resolve) => {
        server.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.close(CLOSE_CODES.shuttingDown, 'engine stopping');
        wss.close(() => resolve());
      }),
  };
}

function decode(data: RawData): unknown {
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8');
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function helloToken(message: unknown): string | null {
  const parsed = clientMessageSchema.safeParse(message);
  if (!parsed.success || parsed.data.type !== 'hello' || parsed.data.protocol !== PROTOCOL_VERSION) return null;
  return parsed.data.token;
}
