import { z } from 'zod';
import { AuthError, EngineError, ForbiddenError, NotFoundError, ValidationError, toRejection, type Rejection } from '../core/errors';
import { auditDetail } from './auth/audit-detail';
import type { AuditOutcome } from './auth/auth-views';
import { requiredRole } from './auth/method-roles';
import { defaultPrincipal, TOKEN_EXPIRED_MESSAGE, type Principal } from './auth/principal';
import { roleAllows, type Role } from './auth/roles';
import type { CallContext, HandlerMap } from './define-handler';
import { EVENT_STREAMS } from './events';
import type { EventLog } from './event-log';
import { PROTOCOL_VERSION, clientMessageSchema, type ClientMessage, type EventEnvelope, type ServerMessage } from './protocol';

export type Connection = {
  readonly id: string;
  readonly transport: CallContext['transport'];
  send(message: ServerMessage): void;
  /** Who authenticated; without one the transport's default applies (admin for the window and in-process). */
  readonly principal?: Principal;
  /** Ends the connection from the engine's side (a revoked device), telling the client why. */
  terminate?(reason: Rejection): void;
};

/** One privileged call or refusal, for the audit log. */
export type AuditRecord = {
  readonly actor: string;
  readonly role: Role;
  readonly method: string;
  readonly outcome: AuditOutcome;
  readonly detail: string;
};

export type ApiServerConfig = {
  readonly handlers: HandlerMap;
  readonly events: EventLog;
  readonly engineId: string;
  /** Failures that are not EngineErrors are bugs: they are logged here and reach the client only as InternalError. */
  readonly onInternalError?: (error: unknown, method: string) => void;
  /** Receives every trader/admin call and every refusal for lack of role. */
  readonly audit?: (record: AuditRecord) => void;
  /** The clock device expiry times are read against; the wall clock unless given. */
  readonly now?: () => number;
};

/** setTimeout's longest delay (about 24.8 days); a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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

  /** Every registered method name (for the role table's completeness check and for clients' help). */
  get methods(): string[] {
    return Object.keys(this.config.handlers);
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  /** Ends every live connection of a device at once (it was revoked); returns how many were closed. */
  disconnectDevice(deviceId: string, reason: Rejection): number {
    let closed = 0;
    for (const session of [...this.sessions]) {
      if (session.principal.deviceId !== deviceId) continue;
      session.terminate(reason);
      closed++;
    }
    return closed;
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
  readonly principal: Principal;
  private readonly subscribed = new Set<string>();
  private closed = false;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly config: ApiServerConfig,
    private readonly knownStreams: ReadonlySet<string>,
    private readonly onClose: () => void,
  ) {
    this.principal = connection.principal ?? defaultPrincipal(connection.transport);
    if (this.principal.expiresAt !== null) this.closeAtExpiry(this.principal.expiresAt);
  }

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

  /** Closes the session and its connection from the engine's side. */
  terminate(reason: Rejection): void {
    if (this.closed) return;
    this.close();
    this.connection.terminate?.(reason);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.subscribed.clear();
    this.onClose();
  }

  /**
   * The token was checked at hello; a session that outlives it ends the moment it expires, the way a
   * revoked device's sessions end (refused, then closed), with one timer per session. A timer that
   * fires early (or a step of a far expiry) re-arms for what is left.
   */
  private closeAtExpiry(expiresAt: number): void {
    const left = expiresAt - (this.config.now ?? Date.now)();
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = null;
      if (expiresAt - (this.config.now ?? Date.now)() > 0) this.closeAtExpiry(expiresAt);
      else this.terminate(toRejection(new AuthError(TOKEN_EXPIRED_MESSAGE)));
    }, Math.min(Math.max(left, 0), MAX_TIMER_MS));
    // A waiting expiry must not keep a process alive that has nothing else to do.
    this.expiryTimer.unref?.();
  }

  private async call(message: Extract<ClientMessage, { type: 'call' }>): Promise<void> {
    const handler = this.config.handlers[message.method];
    const { role, actor } = this.principal;
    // A method nobody classified needs admin: a new method is never open to remote viewers by accident.
    const required = requiredRole(message.method) ?? 'admin';
    let audited = required !== 'viewer';
    try {
      if (!handler) {
        audited = false;
        throw new NotFoundError(`unknown method "${message.method}"`);
      }
      if (!roleAllows(role, required)) {
        audited = false;
        this.audit(message.method, 'denied', auditDetail(message.params, `needs ${required}`));
        throw new ForbiddenError(`${message.method} needs the ${required} role; this connection is ${role}`);
      }
      const params = handler.input.safeParse(message.params ?? {});
      if (!params.success) {
        throw new ValidationError(`invalid parameters for ${message.method}: ${z.prettifyError(params.error)}`);
      }
      const context: CallContext = {
        connectionId: this.connection.id,
        transport: this.connection.transport,
        role,
        actor,
        ...(this.principal.deviceId === null ? {} : { deviceName: this.principal.name }),
      };
      const result: unknown = await handler.handle(params.data, context);
      if (audited) this.audit(message.method, 'ok', auditDetail(message.params));
      this.send({ type: 'result', id: message.id, result });
    } catch (error) {
      if (!(error instanceof EngineError)) this.config.onInternalError?.(error, message.method);
      const rejection = toRejection(error);
      if (audited) this.audit(message.method, 'error', auditDetail(message.params, `${rejection.type}: ${rejection.message}`));
      this.send({ type: 'error', id: message.id, error: rejection });
    }
  }

  private audit(method: string, outcome: AuditOutcome, detail: string): void {
    const { actor, role } = this.principal;
    try {
      this.config.audit?.({ actor, role, method, outcome, detail });
    } catch (error) {
      this.config.onInternalError?.(error, method);
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
