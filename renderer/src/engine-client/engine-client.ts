import type { ApiMethod, ApiParams, ApiResult, EngineEvents, EventStream, Rejection, ServerMessage } from './api-types';
import { EngineCallError } from './engine-call-error';
import type { LinkStatus, Transport } from './transport';
import { errorText } from '../format/format';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'refused' | 'closed';

export type ConnectionState = {
  readonly status: ConnectionStatus;
  /** Why the engine refused us, or why the link closed for good; null otherwise. */
  readonly reason: Rejection | null;
  /** The engine last welcomed by; a new id after a reconnect means the engine restarted. */
  readonly engineId: string | null;
  /** While reconnecting: which attempt comes next and how long until it does. */
  readonly retry: { readonly attempt: number; readonly delayMs: number } | null;
};

/** Why a stream's state must be reloaded: the engine dropped events we missed, or it restarted. */
export type GapReason = 'events-lost' | 'engine-restarted';

type Listener = (payload: unknown, seq: number) => void;

type StreamState = {
  readonly listeners: Set<Listener>;
  /** Last sequence number seen; null until the engine tells us where the stream stands. */
  lastSeq: number | null;
};

type PendingCall = {
  readonly method: string;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
};

const INITIAL_STATE: ConnectionState = { status: 'connecting', reason: null, engineId: null, retry: null };

/**
 * The renderer's only way to the engine: typed calls and event streams over whichever transport it
 * was given. It tracks the last sequence number seen on each stream, so that after a reconnect the
 * engine replays exactly what was missed, or says plainly (a gap) that the stream must be reloaded.
 */
export class EngineClient {
  private state: ConnectionState = INITIAL_STATE;
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly streams = new Map<string, StreamState>();
  private readonly gapListeners = new Map<string, Set<(reason: GapReason) => void>>();
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 1;
  private linkOpen = false;
  private started = false;
  private lastEventAtMs: number | null = null;

  constructor(private readonly transport: Transport) {}

  /** Starts connecting; the state says when the engine has welcomed us. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.transport.start({
      onMessage: (message) => this.receive(message),
      onStatus: (status) => this.linkStatus(status),
    });
  }

  /** Ends the connection for good; calls still waiting are rejected. */
  close(): void {
    this.transport.close();
  }

  getState = (): ConnectionState => this.state;

  /** Wall-clock time of the last event received on any stream. */
  get lastEventAt(): number | null {
    return this.lastEventAtMs;
  }

  onStateChange = (listener: (state: ConnectionState) => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    // Never queue a call for later: an order sent minutes after the click that asked for it,
    // once a link comes back, is worse than a clear failure now.
    if (!this.linkOpen) {
      return Promise.reject(
        new EngineCallError({ type: 'Disconnected', message: `Not connected to the engine (${this.state.status}); ${method} was not sent.` }, method),
      );
    }
    const id = this.nextId++;
    return new Promise<ApiResult<M>>((resolve, reject) => {
      // The engine validated the params against this method's schema and produced this method's result type.
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject });
      try {
        this.transport.send({ type: 'call', id, method, params });
      } catch (error) {
        this.pending.delete(id);
        reject(new EngineCallError({ type: 'Disconnected', message: `Could not send ${method}: ${errorText(error)}` }, method));
      }
    });
  }

  /** Listens to a stream; the first listener subscribes, the last one to leave unsubscribes. */
  on<S extends EventStream>(stream: S, listener: (payload: EngineEvents[S], seq: number) => void): () => void {
    // Payloads of a stream are produced by the engine with that stream's type.
    const untyped = listener as Listener;
    let state = this.streams.get(stream);
    if (!state) {
      state = { listeners: new Set(), lastSeq: null };
      this.streams.set(stream, state);
      if (this.linkOpen) this.send({ type: 'subscribe', streams: { [stream]: null } });
    }
    state.listeners.add(untyped);
    const current = state;
    return () => {
      if (!current.listeners.delete(untyped) || current.listeners.size > 0) return;
      if (this.streams.get(stream) !== current) return;
      // Forget the position too: a later subscriber starts from now, with state it loads itself.
      this.streams.delete(stream);
      if (this.linkOpen) this.send({ type: 'unsubscribe', streams: [stream] });
    };
  }

  /** Called when a stream's events were lost and whatever was built from them must be reloaded. */
  onGap(stream: EventStream, listener: (reason: GapReason) => void): () => void {
    let listeners = this.gapListeners.get(stream);
    if (!listeners) {
      listeners = new Set();
      this.gapListeners.set(stream, listeners);
    }
    listeners.add(listener);
    const current = listeners;
    return () => current.delete(listener);
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.welcomed(message.engineId);
        return;
      case 'result':
      case 'error':
        this.settle(message);
        return;
      case 'subscribed':
        for (const [stream, seq] of Object.entries(message.streams)) {
          const state = this.streams.get(stream);
          // Only a fresh subscription starts at the engine's position; a resumed one is replayed from ours.
          if (state && state.lastSeq === null) state.lastSeq = seq;
        }
        return;
      case 'event':
        this.deliver(message.stream, message.seq, message.payload);
        return;
      case 'gap': {
        const state = this.streams.get(message.stream);
        if (state) state.lastSeq = message.resumedAt;
        this.emitGap(message.stream, 'events-lost');
        return;
      }
      case 'refused':
        // Transports turn a refusal into a status; nothing to do if one passes it on anyway.
        return;
    }
  }

  private welcomed(engineId: string): void {
    const restarted = this.state.engineId !== null && this.state.engineId !== engineId;
    if (restarted) {
      // A new engine numbers its streams from scratch: our positions mean nothing to it.
      for (const state of this.streams.values()) state.lastSeq = null;
    }
    this.linkOpen = true;
    const streams: Record<string, number | null> = {};
    for (const [stream, state] of this.streams) streams[stream] = state.lastSeq;
    if (Object.keys(streams).length > 0) this.send({ type: 'subscribe', streams });
    this.setState({ status: 'open', reason: null, engineId, retry: null });
    if (restarted) for (const stream of this.streams.keys()) this.emitGap(stream, 'engine-restarted');
  }

  private settle(message: Extract<ServerMessage, { type: 'result' | 'error' }>): void {
    if (message.id === null) {
      if (message.type === 'error') console.warn(`engine: ${message.error.type}: ${message.error.message}`);
      return;
    }
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    if (message.type === 'result') call.resolve(message.result);
    else call.reject(new EngineCallError(message.error, call.method));
  }

  private deliver(stream: string, seq: number, payload: unknown): void {
    const state = this.streams.get(stream);
    if (!state) return;
    // A replay can overlap what already arrived when a subscribe crosses an event on the wire.
    if (state.lastSeq !== null && seq <= state.lastSeq) return;
    state.lastSeq = seq;
    this.lastEventAtMs = Date.now();
    for (const listener of [...state.listeners]) {
      try {
        listener(payload, seq);
      } catch (error) {
        console.error(`listener of ${stream} failed`, error);
      }
    }
  }

  private emitGap(stream: string, reason: GapReason): void {
    for (const listener of [...(this.gapListeners.get(stream) ?? [])]) {
      try {
        listener(reason);
      } catch (error) {
        console.error(`gap listener of ${stream} failed`, error);
      }
    }
  }

  private linkStatus(status: LinkStatus): void {
    if (status.state !== 'connecting') this.linkDown();
    switch (status.state) {
      case 'connecting':
        this.setState({ ...this.state, status: 'connecting', reason: null, retry: null });
        return;
      case 'reconnecting':
        this.setState({ ...this.state, status: 'reconnecting', reason: null, retry: { attempt: status.attempt, delayMs: status.delayMs } });
        return;
      case 'refused':
        this.setState({ ...this.state, status: 'refused', reason: status.reason, retry: null });
        return;
      case 'closed':
        this.setState({ ...this.state, status: 'closed', reason: status.reason, retry: null });
        return;
    }
  }

  private linkDown(): void {
    this.linkOpen = false;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) {
      call.reject(
        new EngineCallError(
          {
            type: 'Disconnected',
            message: `The connection to the engine dropped before it answered ${call.method}; it may or may not have been carried out.`,
          },
          call.method,
        ),
      );
    }
  }

  private send(message: Parameters<Transport['send']>[0]): void {
    try {
      this.transport.send(message);
    } catch (error) {
      // The transport reports the dropped link itself; a resubscribe follows the next welcome.
      console.warn('engine: could not send', message.type, errorText(error));
    }
  }

  private setState(next: ConnectionState): void {
    this.state = next;
    for (const listener of [...this.stateListeners]) listener(next);
  }
}
