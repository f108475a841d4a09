import WebSocket, { type ClientOptions } from 'ws';
import type { ApiMethod, ApiParams, ApiResult } from '../api/types';
import type { EventEnvelope, ServerMessage } from '../api/protocol';
import { PROTOCOL_VERSION } from '../api/protocol';

/**
 * A small Node client of the engine's WebSocket API for tests and benchmarks: it speaks the same
 * protocol as the renderer's client and keeps every message it received for assertions.
 */
export class WsTestClient {
  readonly received: ServerMessage[] = [];
  readonly events: EventEnvelope[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  closeCode: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.received.push(message);
      if (message.type === 'event') this.events.push(message);
      if ((message.type === 'result' || message.type === 'error') && message.id !== null) {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.type === 'result') waiter?.resolve(message.result);
        else waiter?.reject(Object.assign(new Error(message.error.message), { type: message.error.type }));
      }
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const waiter of this.pending.values()) waiter.reject(new Error('socket closed'));
      this.pending.clear();
    });
  }

  /** Opens a socket without saying hello, for tests of what the engine does before authentication. */
  static async open(url: string, options?: ClientOptions): Promise<WsTestClient> {
    const socket = new WebSocket(url, options);
    const client = new WsTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Opens a socket and authenticates; resolves once the engine has welcomed it. */
  static async connect(url: string, token: string, options?: ClientOptions): Promise<WsTestClient> {
    const client = await WsTestClient.open(url, options);
    client.sendRaw(JSON.stringify({ type: 'hello', token, protocol: PROTOCOL_VERSION }));
    await client.waitFor((m) => m.type === 'welcome' || m.type === 'refused');
    const last = client.received.at(-1);
    if (last?.type === 'refused') throw Object.assign(new Error(last.reason.message), { type: last.reason.type });
    return client;
  }

  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.sendRaw(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  subscribe(streams: Record<string, number | null>): void {
    this.sendRaw(JSON.stringify({ type: 'subscribe', streams }));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  async waitFor(predicate: (m: ServerMessage) => boolean, timeoutMs = 5_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received.slice(-3))}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async waitForClose(timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === null) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.closeCode;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
