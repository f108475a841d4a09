import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { AuthError, TransientError, type EngineError } from '../../core/errors';

export type PrivateTopic = 'order' | 'execution' | 'position' | 'wallet';

export type PrivateStreamHandlers = {
  /** Raw `data` entries of one push, in the order the venue sent them. */
  readonly onData: (topic: PrivateTopic, data: readonly Readonly<Record<string, unknown>>[]) => void;
  /** Authenticated and subscribed again after the connection was lost: pushes may have been missed. */
  readonly onResubscribed: () => void;
  readonly onError: (error: EngineError) => void;
};

export type PrivateStreamOptions = {
  readonly url: string;
  readonly apiKey: string;
  readonly secret: string;
  readonly pingIntervalMs?: number;
  readonly maxBackoffMs?: number;
};

const TOPICS: readonly PrivateTopic[] = ['order', 'execution', 'position', 'wallet'];

/**
 * Bybit's private v5 stream on a WebSocket of its own. ccxt's watchOrders and friends merge updates into
 * caches of float fields keyed by order id (a `Triggered` update is overwritten by the `Filled` one before
 * it is read) and say nothing when a lost connection has been authenticated and subscribed again; the
 * engine needs every raw update, in order, with exact decimal strings, and that moment to reconcile. So
 * this client signs the auth op as Bybit documents, subscribes to the four topics, answers with pings,
 * and reconnects with backoff; `onResubscribed` fires once the venue has acknowledged the subscription.
 */
export class BybitPrivateStream {
  private socket: WebSocket | null = null;
  private stopped = false;
  private everSubscribed = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private lastPong = 0;
  private reqId = 1;

  constructor(
    private readonly options: PrivateStreamOptions,
    private readonly handlers: PrivateStreamHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.socket?.terminate();
    this.socket = null;
  }

  private connect(): void {
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.on('open', () => {
      const expires = String(Date.now() + 10_000);
      const signature = createHmac('sha256', this.options.secret).update(`GET/realtime${expires}`).digest('hex');
      socket.send(JSON.stringify({ req_id: String(this.reqId++), op: 'auth', args: [this.options.apiKey, expires, signature] }));
      this.lastPong = Date.now();
      const interval = this.options.pingIntervalMs ?? 18_000;
      this.pingTimer = setInterval(() => {
        // No answer to two pings in a row: the connection is dead even if the socket has not noticed.
        if (Date.now() - this.lastPong > 2 * interval + 1_000) return socket.terminate();
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ req_id: String(this.reqId++), op: 'ping' }));
      }, interval);
    });
    socket.on('message', (data) => this.receive(socket, String(data)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = null;
      if (this.socket === socket) this.socket = null;
      if (!this.stopped) this.scheduleReconnect();
    });
  }

  private receive(socket: WebSocket, text: string): void {
    let message: Readonly<Record<string, unknown>>;
    try {
      message = JSON.parse(text) as Readonly<Record<string, unknown>>;
    } catch {
      return this.handlers.onError(new TransientError('bybit private stream sent a frame that is not JSON'));
    }
    if (message.op === 'pong' || message.ret_msg === 'pong') {
      this.lastPong = Date.now();
      return;
    }
    if (message.op === 'auth' || (message.request as { op?: unknown } | undefined)?.op === 'auth') {
      if (message.success === true || message.retCode === 0) {
        socket.send(JSON.stringify({ req_id: String(this.reqId++), op: 'subscribe', args: TOPICS }));
        return;
      }
      // Wrong keys do not get better by reconnecting.
      this.stop();
      return this.handlers.onError(new AuthError(`bybit refused the private stream's credentials: ${String(message.ret_msg ?? message.retMsg ?? 'auth failed')}`));
    }
    if (message.op === 'subscribe') {
      if (message.success !== true) return this.handlers.onError(new TransientError(`bybit refused the private subscription: ${String(message.ret_msg ?? '')}`));
      this.attempt = 0;
      const reconnected = this.everSubscribed;
      this.everSubscribed = true;
      if (reconnected) this.handlers.onResubscribed();
      return;
    }
    const topic = typeof message.topic === 'string' ? message.topic.split('.')[0] : undefined;
    if (topic && (TOPICS as readonly string[]).includes(topic) && Array.isArray(message.data)) {
      this.handlers.onData(topic as PrivateTopic, message.data as Readonly<Record<string, unknown>>[]);
    }
  }

  private scheduleReconnect(): void {
    const base = Math.min(this.options.maxBackoffMs ?? 5_000, 100 * 2 ** this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), base / 2 + Math.random() * (base / 2));
  }
}
