import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { executionView, orderView, positionView, walletView } from './account-views';
import type { EmulatedAccount } from './emulated-account';
import { checkStreamAuth, type ApiKeys } from './signature';
import { invalidJsonAnswer, parseStreamRequest } from './stream-request';

export type PrivateTopic = 'order' | 'execution' | 'position' | 'wallet';

const TOPICS: readonly string[] = ['order', 'execution', 'position', 'wallet'];

type Client = { readonly socket: WebSocket; readonly connId: string; authed: boolean; readonly topics: Set<PrivateTopic> };

/**
 * Bybit's private v5 WebSocket (`/v5/private`): the auth op, ping/pong, and the `order`, `execution`,
 * `position` and `wallet` topics pushed as the emulated account changes. Each push is rendered when the
 * change happens, so a later change never rewrites an earlier message. Faults: dropped connections and
 * a silent period in which pushes are lost (as they are when a connection dies unnoticed).
 */
export class PrivateStreams {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private readonly unlisten: () => void;
  private nextConnId = 1;
  private nextId = 1;
  private losing = false;
  messagesSent = 0;

  constructor(
    private readonly account: EmulatedAccount,
    private readonly keys: ApiKeys,
  ) {
    this.unlisten = account.listen({
      order: (order) => this.push('order', [orderView(account, order)]),
      execution: (execution) => this.push('execution', [executionView(account, execution)]),
      position: (position) => this.push('position', [{ category: 'linear', ...positionView(account, position) }]),
      wallet: () => this.push('wallet', walletView(account).list),
    });
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if ((request.url ?? '').split('?')[0] !== '/v5/private') return false;
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
    return true;
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  /** Authenticated connections subscribed to `topic`. */
  subscriberCount(topic: PrivateTopic): number {
    return [...this.clients].filter((c) => c.authed && c.topics.has(topic)).length;
  }

  /** Cuts every private connection without a close handshake. */
  dropConnections(): void {
    for (const client of this.clients) client.socket.terminate();
  }

  /** While set, pushes are dropped instead of sent: the client misses them and must reconcile. */
  setLosing(losing: boolean): void {
    this.losing = losing;
  }

  close(): Promise<void> {
    this.unlisten();
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const client: Client = { socket, connId: `private-${this.nextConnId++}`, authed: false, topics: new Set() };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    socket.on('message', (data) => this.receive(client, String(data)));
  }

  private receive(client: Client, text: string): void {
    const message = parseStreamRequest(text);
    if (!message) return this.send(client, invalidJsonAnswer(client.connId));
    const { reqId, args } = message;
    if (message.op === 'ping') return this.send(client, { req_id: reqId, op: 'pong', args: [String(Date.now())], conn_id: client.connId });
    if (message.op === 'auth') {
      client.authed = checkStreamAuth(args, this.keys, Date.now());
      if (client.authed) return this.send(client, { success: true, ret_msg: '', op: 'auth', conn_id: client.connId });
      return this.send(client, { success: false, ret_msg: 'error:signature verification failed', conn_id: client.connId, request: { op: 'auth', args } });
    }
    if (message.op === 'subscribe' || message.op === 'unsubscribe') {
      if (!client.authed) return this.send(client, { success: false, ret_msg: 'error:request not authorized', conn_id: client.connId, req_id: reqId, op: message.op });
      const names = args.map(String).map((name) => (name === 'execution.fast' ? 'execution' : name));
      const unknown = names.filter((name) => !TOPICS.includes(name));
      if (unknown.length > 0) {
        return this.send(client, { success: false, ret_msg: `error:handler not found,topic:${unknown.join(',')}`, conn_id: client.connId, req_id: reqId, op: message.op });
      }
      for (const name of names as PrivateTopic[]) {
        if (message.op === 'subscribe') client.topics.add(name);
        else client.topics.delete(name);
      }
      return this.send(client, { success: true, ret_msg: '', conn_id: client.connId, req_id: reqId, op: message.op });
    }
    this.send(client, { success: false, ret_msg: `error:unknown op ${String(message.op)}`, conn_id: client.connId, req_id: reqId, op: message.op });
  }

  private push(topic: PrivateTopic, data: unknown[]): void {
    if (this.losing) return;
    let text: string | null = null;
    for (const client of this.clients) {
      if (!client.authed || !client.topics.has(topic)) continue;
      text ??= JSON.stringify({ id: `${topic}-${this.nextId++}`, topic, creationTime: Date.now(), data });
      this.sendText(client, text);
    }
  }

  private send(client: Client, message: unknown): void {
    this.sendText(client, JSON.stringify(message));
  }

  private sendText(client: Client, text: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(text);
    this.messagesSent += 1;
  }
}
