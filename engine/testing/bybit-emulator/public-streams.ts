import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EmulatedMarket, MarketCategory } from './emulated-market';
import type { InstrumentCatalog } from './instruments';
import { barStart, isBybitInterval, nextBarStart, type BybitInterval } from './intervals';
import { orderBook, streamKline, streamTrade, ticker } from './market-views';
import type { EmulatedTrade } from './minute-trades';
import { checkStreamAuth, type ApiKeys } from './signature';
import { invalidJsonAnswer, parseStreamRequest } from './stream-request';

type Topic =
  | { readonly kind: 'kline'; readonly interval: BybitInterval; readonly symbol: string }
  | { readonly kind: 'publicTrade' | 'tickers'; readonly symbol: string }
  | { readonly kind: 'orderbook'; readonly depth: number; readonly symbol: string };

type Client = {
  readonly socket: WebSocket;
  readonly category: MarketCategory | 'private';
  readonly topics: Map<string, Topic>;
  /** Open time of the last bar pushed per kline topic: a bar's closing update goes to those who saw it open. */
  readonly lastBar: Map<string, number>;
  readonly connId: string;
};

/** Malformed or unexpected frames a test can make the venue send. */
export type MalformedFrame = 'not-json' | 'unknown-topic' | 'bad-data' | 'error-code';

const TOPIC_PATTERN = /^(kline|publicTrade|orderbook|tickers)\.(?:([0-9A-Z]+)\.)?([0-9A-Z]+)$/;
const TRADES_PER_MESSAGE = 100;

/**
 * Bybit's public v5 WebSocket (`/v5/public/spot`, `/v5/public/linear`) and the auth step of the private
 * one: subscribe acks, ping/pong, kline / publicTrade / orderbook / tickers pushes from the emulated market,
 * and the faults a test asks for (dropped connections, paused pushes, malformed frames).
 */
export class PublicStreams {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private readonly lastSnapshotAt = new Map<string, number>();
  private paused = false;
  private refusing = false;
  private delayMs = 0;
  private nextConnId = 1;
  private readonly unlisten: () => void;
  messagesSent = 0;

  constructor(
    private readonly market: EmulatedMarket,
    private readonly catalog: InstrumentCatalog,
    private readonly keys: ApiKeys,
    private readonly snapshotIntervalMs: number,
  ) {
    this.unlisten = market.listen({
      trades: (category, symbol, trades) => this.pushTrades(category, symbol, trades),
      changed: (category, symbol) => this.pushState(category, symbol),
    });
  }

  /** Takes over an HTTP upgrade for a stream path; returns false for any other path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (request.url ?? '').split('?')[0];
    const category = path === '/v5/public/spot' ? 'spot' : path === '/v5/public/linear' ? 'linear' : null;
    if (!category) return false;
    if (this.refusing) {
      socket.destroy();
      return true;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, category));
    return true;
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  /** Cuts every connection without a close handshake, as a network failure would. */
  dropConnections(): void {
    for (const client of this.clients) client.socket.terminate();
  }

  /** Holds every outgoing frame for `ms` before sending it, as a slow or congested link would. */
  setDelay(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  /** Refuses (or accepts again) new connections, as an unreachable venue would. */
  setRefusing(refusing: boolean): void {
    this.refusing = refusing;
  }

  /** Stops (or resumes) data pushes; pings are still answered, so the connection looks alive but silent. */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  sendMalformed(kind: MalformedFrame): void {
    for (const client of this.clients) {
      const symbol = [...client.topics.values()][0]?.symbol ?? 'BTCUSDT';
      if (kind === 'not-json') client.socket.send('{"topic":"kline.1.BTCUSDT","data":[{');
      if (kind === 'unknown-topic') this.send(client, { topic: `mystery.${symbol}`, type: 'snapshot', ts: this.market.now, data: { x: 1 } });
      if (kind === 'bad-data') this.send(client, { topic: `publicTrade.${symbol}`, type: 'snapshot', ts: this.market.now, data: 'not a list' });
      if (kind === 'error-code') this.send(client, { retCode: 10016, retMsg: 'Server error', op: 'unknown' });
    }
  }

  close(): Promise<void> {
    this.unlisten();
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket, category: MarketCategory | 'private'): void {
    const client: Client = { socket, category, topics: new Map(), lastBar: new Map(), connId: `emulator-${this.nextConnId++}` };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    socket.on('message', (data) => this.receive(client, String(data)));
  }

  private receive(client: Client, text: string): void {
    const message = parseStreamRequest(text);
    if (!message) return this.send(client, invalidJsonAnswer(client.connId));
    const { reqId, args } = message;
    if (message.op === 'ping') {
      return this.send(client, { success: true, ret_msg: 'pong', conn_id: client.connId, req_id: reqId, op: 'ping' });
    }
    if (message.op === 'auth') {
      const ok = client.category === 'private' && checkStreamAuth(args, this.keys, Date.now());
      if (ok) return this.send(client, { success: true, ret_msg: '', op: 'auth', conn_id: client.connId });
      return this.send(client, { success: false, ret_msg: 'error:signature verification failed', conn_id: client.connId, request: { op: 'auth', args } });
    }
    if (message.op === 'subscribe' || message.op === 'unsubscribe') {
      const topics = args.map((arg) => [String(arg), this.parseTopic(client, String(arg))] as const);
      const unknown = topics.filter(([, topic]) => topic === null).map(([name]) => name);
      if (unknown.length > 0) {
        return this.send(client, { success: false, ret_msg: `error:handler not found,topic:${unknown.join(',')}`, conn_id: client.connId, req_id: reqId, op: message.op });
      }
      for (const [name, topic] of topics) {
        if (message.op === 'unsubscribe') client.topics.delete(name);
        else if (topic) client.topics.set(name, topic);
      }
      this.send(client, { success: true, ret_msg: '', conn_id: client.connId, req_id: reqId, op: message.op });
      if (message.op === 'subscribe') for (const [name, topic] of topics) if (topic) this.pushInitial(client, name, topic);
      return;
    }
    this.send(client, { success: false, ret_msg: `error:unknown op ${String(message.op)}`, conn_id: client.connId, req_id: reqId, op: message.op });
  }

  private parseTopic(client: Client, name: string): Topic | null {
    if (client.category === 'private') return null;
    const match = TOPIC_PATTERN.exec(name);
    if (!match) return null;
    const [, kind, middle, symbol] = match as unknown as [string, Topic['kind'], string | undefined, string];
    if (!this.catalog[client.category].some((entry) => entry.symbol === symbol)) return null;
    if (kind === 'kline') return middle && isBybitInterval(middle) ? { kind, interval: middle, symbol } : null;
    if (kind === 'orderbook') return middle && ['1', '50', '200', '1000'].includes(middle) ? { kind, depth: Number(middle), symbol } : null;
    return middle === undefined ? { kind, symbol } : null;
  }

  private pushInitial(client: Client, name: string, topic: Topic): void {
    const category = client.category as MarketCategory;
    if (topic.kind === 'kline') {
      const bar = this.market.currentBar(category, topic.symbol, topic.interval);
      client.lastBar.set(name, barStart(topic.interval, this.market.now));
      if (bar) this.send(client, this.klineMessage(name, topic.interval, [bar]));
    }
    if (topic.kind === 'orderbook') this.send(client, this.bookMessage(name, category, topic));
    if (topic.kind === 'tickers') this.send(client, this.tickerMessage(name, category, topic.symbol));
  }

  private pushTrades(category: MarketCategory, symbol: string, trades: readonly EmulatedTrade[]): void {
    if (this.paused) return;
    const name = `publicTrade.${symbol}`;
    const subscribers = this.subscribers(category, name);
    if (subscribers.length === 0) return;
    for (let i = 0; i < trades.length; i += TRADES_PER_MESSAGE) {
      const data = trades.slice(i, i + TRADES_PER_MESSAGE).map((t) => streamTrade(symbol, t));
      const text = JSON.stringify({ topic: name, type: 'snapshot', ts: this.market.now, data });
      for (const client of subscribers) this.sendText(client, text);
    }
  }

  private pushState(category: MarketCategory, symbol: string): void {
    if (this.paused) return;
    const names = new Map<string, Topic>();
    for (const client of this.clients) {
      if (client.category !== category) continue;
      for (const [name, topic] of client.topics) if (topic.symbol === symbol && topic.kind !== 'publicTrade') names.set(name, topic);
    }
    for (const [name, topic] of names) {
      if (topic.kind === 'kline') this.pushKline(category, name, topic.interval, symbol);
      else if (this.snapshotDue(`${category}:${name}`)) {
        const message = topic.kind === 'orderbook' ? this.bookMessage(name, category, topic) : this.tickerMessage(name, category, symbol);
        const text = JSON.stringify(message);
        for (const client of this.subscribers(category, name)) this.sendText(client, text);
      }
    }
  }

  /**
   * Pushes the open bar (throttled) and, to each subscriber that saw a bar open which has now closed,
   * that bar's final update with confirm=true first — as Bybit does, never bars from before it subscribed.
   */
  private pushKline(category: MarketCategory, name: string, interval: BybitInterval, symbol: string): void {
    const current = barStart(interval, this.market.now);
    const due = this.snapshotDue(`${category}:${name}`);
    const messages = new Map<number, string | null>();
    for (const client of this.subscribers(category, name)) {
      const previous = client.lastBar.get(name) ?? current;
      if (previous === current && !due) continue;
      let text = messages.get(previous);
      if (text === undefined) {
        const bars = previous < current ? this.market.bars(category, symbol, interval, previous, current - 1).filter((bar) => bar.closed) : [];
        const open = this.market.currentBar(category, symbol, interval);
        if (open) bars.push(open);
        text = bars.length > 0 ? JSON.stringify(this.klineMessage(name, interval, bars)) : null;
        messages.set(previous, text);
      }
      client.lastBar.set(name, current);
      if (text) this.sendText(client, text);
    }
  }

  private snapshotDue(id: string): boolean {
    const now = Date.now();
    const last = this.lastSnapshotAt.get(id) ?? 0;
    if (now - last < this.snapshotIntervalMs) return false;
    this.lastSnapshotAt.set(id, now);
    return true;
  }

  private klineMessage(name: string, interval: BybitInterval, bars: readonly ReturnType<EmulatedMarket['bars']>[number][]) {
    const data = bars.map((bar) => streamKline(bar, interval, nextBarStart(interval, bar.openTime) - 1, this.market.now));
    return { topic: name, type: 'snapshot', ts: this.market.now, data };
  }

  private bookMessage(name: string, category: MarketCategory, topic: Extract<Topic, { kind: 'orderbook' }>) {
    return { topic: name, type: 'snapshot', ts: this.market.now, data: orderBook(this.market, this.catalog, category, topic.symbol, Math.min(topic.depth, 50)), cts: this.market.now };
  }

  private tickerMessage(name: string, category: MarketCategory, symbol: string) {
    return { topic: name, type: 'snapshot', cs: Math.floor(this.market.now / 10), ts: this.market.now, data: ticker(this.market, this.catalog, category, symbol) };
  }

  private subscribers(category: MarketCategory, name: string): Client[] {
    return [...this.clients].filter((client) => client.category === category && client.topics.has(name));
  }

  private send(client: Client, message: unknown): void {
    this.sendText(client, JSON.stringify(message));
  }

  private sendText(client: Client, text: string): void {
    if (this.delayMs > 0) {
      setTimeout(() => this.sendNow(client, text), this.delayMs);
      return;
    }
    this.sendNow(client, text);
  }

  private sendNow(client: Client, text: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(text);
    this.messagesSent += 1;
  }
}
