import type { ClientMessage, ServerMessage } from '../engine-client/api-types';
import type { LinkStatus, Transport, TransportListener } from '../engine-client/transport';

/** A transport driven by the test: it records what the client sent and plays the engine's part. */
export class FakeTransport implements Transport {
  readonly sent: ClientMessage[] = [];
  started = false;
  closed = false;
  private listener: TransportListener | null = null;

  start(listener: TransportListener): void {
    this.started = true;
    this.listener = listener;
    listener.onStatus({ state: 'connecting' });
  }

  send(message: ClientMessage): void {
    if (this.closed) throw new Error('closed');
    this.sent.push(message);
  }

  close(): void {
    this.closed = true;
    this.status({ state: 'closed', reason: null });
  }

  /** The engine says something. */
  deliver(message: ServerMessage): void {
    if (!this.listener) throw new Error('transport not started');
    this.listener.onMessage(message);
  }

  status(status: LinkStatus): void {
    this.listener?.onStatus(status);
  }

  welcome(engineId = 'engine-1'): void {
    this.deliver({ type: 'welcome', protocol: 1, engineId });
  }

  drop(attempt = 1): void {
    this.status({ state: 'reconnecting', attempt, delayMs: 500 });
  }

  /** Messages of one type sent so far, typed. */
  sentOf<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }

  lastCall(): Extract<ClientMessage, { type: 'call' }> {
    const call = this.sentOf('call').at(-1);
    if (!call) throw new Error('no call sent');
    return call;
  }
}
