import { z } from 'zod';
import { EngineError, NotFoundError, ValidationError, toRejection } from '../core/errors';
import type { CallContext, HandlerMap } from './define-handler';
import { EVENT_STREAMS } from './events';
import type { EventLog } from './event-log';
import { PROTOCOL_VERSION, clientMessageSchema, type ClientMessage, type EventEnvelope, type ServerMessage } from './protocol';

export type Connection = {
  readonly id: string;
  readonly transport: CallContext['transport'];
  send(message: ServerMessage): void;
};

export type ApiServerConfig = {
  readonly handlers: HandlerMap;
  readonly events: EventLog;
  readonly engineId: string;
  /** Failures that are not EngineErrors are bugs: they are logged here and reach the client only as InternalError. */
  readonly onInternalError?: (error: unknown, method: string) => void;
};

/**
 * The transport-independent half of the API: validates every message, dispatches calls to their
 * handlers and streams events. Transports only move messages and authenticate.
 */
export class ApiServer {
  private readonly sessions = new Set<ApiSession>();
  private readonly knownStreams = new Set<string>(EVENT_STREAMS);

  constructor(private readonly config: ApiServerConfig) {
    config.events.onAppend((event) => {
      for (const session of this.sessions) session.deliver(event);
    });
  }

  get engineId(): string {
    return this.config.engineId;
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  /** Opens a session for an authenticated connection and greets it. */
  open(connection: Connection): ApiSession {
    const session = new ApiSession(connection, this.config, this.knownStreams, () => this.sessions.delete(session));
    this.sessions.add(session);
    connection.send({ type: 'welcome', protocol: PROTOCOL_VERSION, engineId: this.config.engineId });
    return session;
  }
}

export class ApiSession {
  private readonly subscribed = new Set<string>();
  private closed = false;

  constructor(
    private readonly connection: Connection,
    private readonly config: ApiServerConfig,
    private readonly knownStreams: ReadonlySet<string>,
    private readonly onClose: () => void,
  ) {}

  /** Handles one decoded message. Anything malformed is answered with an error, never thrown. */
  receive(raw: unknown): void {
    if (this.closed) return;
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.send({ type: 'error', id: requestIdOf(raw), error: toRejection(new ValidationError(`bad message: ${z.prettifyError(parsed.error)}`)) });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'call':
        void this.call(message);
        return;
      case 'subscribe':
        this.subscribe(message.streams);
        return;
      case 'unsubscribe':
        for (const stream of message.streams) this.subscribed.delete(stream);
        return;
      case 'hello':
        this.send({ type: 'error', id: null, error: toRejection(new ValidationError('already connected')) });
        return;
    }
  }

  deliver(event: EventEnvelope): void {
    if (this.subscribed.has(event.stream)) this.send(event);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscribed.clear();
    this.onClose();
  }

  private async call(message: Extract<ClientMessage, { type: 'call' }>): Promise<void> {
    const handler = this.config.handlers[message.method];
    try {
      if (!handler) throw new NotFoundError(`unknown method "${message.method}"`);
      const params = handler.input.safeParse(message.params ?? {});
      if (!params.success) {
        throw new ValidationError(`invalid parameters for ${message.method}: ${z.prettifyError(params.error)}`);
      }
      const context: CallContext = { connectionId: this.connection.id, transport: this.connection.transport };
      const result: unknown = await handler.handle(params.data, context);
      this.send({ type: 'result', id: message.id, result });
    } catch (error) {
      if (!(error instanceof EngineError)) this.config.onInternalError?.(error, message.method);
      this.send({ type: 'error', id: message.id, error: toRejection(error) });
    }
  }

  /**
   * Subscribes and, for a stream the client has seen before, replays what it missed before any new
   * event: the replay runs synchronously, so nothing can interleave with it.
   */
  private subscribe(streams: Record<string, number | null>): void {
    const unknown = Object.keys(streams).filter((s) => !this.knownStreams.has(s));
    if (unknown.length > 0) {
      this.send({
        type: 'error',
        id: null,
        error: toRejection(new NotFoundError(`unknown stream ${unknown.join(', ')}; streams are ${[...this.knownStreams].join(', ')}`)),
      });
      return;
    }
    const current: Record<string, number> = {};
    for (const stream of Object.keys(streams)) current[stream] = this.config.events.lastSeq(stream);
    this.send({ type: 'subscribed', streams: current });
    for (const [stream, after] of Object.entries(streams)) {
      this.subscribed.add(stream);
      if (after === null) continue;
      const replay = this.config.events.since(stream, after);
      if (replay.kind === 'gap') this.send({ type: 'gap', stream, after, resumedAt: replay.resumedAt });
      else for (const event of replay.events) this.send(event);
    }
  }

  private send(message: ServerMessage): void {
    if (!this.closed) this.connection.send(message);
  }
}

/** The id of a call message, when it has a valid one, so that even a refused call gets its answer. */
export function requestIdOf(raw: unknown): number | null {
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id;
  }
  return null;
}
