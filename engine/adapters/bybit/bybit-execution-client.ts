import { EngineError, NotFoundError, ValidationError, VenueError } from '../../core/errors';
import { formatUnits, unitsToNumber } from '../../core/money';
import type { ExecutionClient, ExecutionEvents } from '../../execution/execution-client';
import type { Balance, Fill, Order, OrderAmendment, OrderRequest, Position } from '../../model/order';
import { loadCcxt, type CcxtModule } from '../ccxt/load-ccxt';
import { decimals } from '../ccxt/market-to-instrument';
import { VENUES, type VenueEndpoint } from '../venue-table';
import { bybitUrls } from './bybit-endpoint';
import { classifyBybitError } from './bybit-errors';
import { parseBalances, parseFill, parseOrder, parsePosition, type BybitInstrument } from './bybit-parsers';
import { BybitPrivateStream, type PrivateTopic } from './bybit-private-stream';

export type BybitCredentials = { readonly apiKey: string; readonly secret: string };

export type BybitExecutionOptions = {
  readonly credentials: BybitCredentials;
  /** Somewhere else than Bybit's public endpoints: the local emulator, a testnet mirror. */
  readonly endpoint?: VenueEndpoint;
  /** ccxt's client-side request spacing; on against Bybit, off against a local emulator in benchmarks. */
  readonly rateLimit?: boolean;
  /** How long one REST request may take before it counts as timed out (ms). */
  readonly timeoutMs?: number;
  /** Bybit's recv_window (ms): how old a signed request may be when it arrives. */
  readonly recvWindowMs?: number;
  /** Our clock minus the venue's, when known (ms); ccxt subtracts it from every signed timestamp. */
  readonly timeDifferenceMs?: number;
  /** Private stream failures that are not answered by a reconnect (wrong keys, refused subscriptions). */
  readonly onStreamError?: (error: EngineError) => void;
  readonly now?: () => number;
};

type BybitExchange = InstanceType<CcxtModule['bybit']>;
type Raw = Readonly<Record<string, unknown>>;

const PAGE = { realtime: 50, executions: 100, positions: 200 } as const;
/** A failed load of the instrument list (a read) is tried again this many times before the call fails. */
const MARKET_LOAD_RETRIES = 2;

/**
 * The engine's Bybit venue (linear USDT perpetuals, one-way mode). REST goes through ccxt's bybit class
 * with orderLinkId = the engine's deterministic clientOrderId; the private stream is Bybit's own
 * WebSocket (see BybitPrivateStream). Every answer is parsed from Bybit's decimal strings into integer
 * units. Submission is idempotent: Bybit's duplicate-orderLinkId answer, and a timeout or cut connection
 * after which the order may or may not exist, are resolved by looking the order up.
 */
export class BybitExecutionClient implements ExecutionClient {
  readonly venue = 'bybit';
  private instruments: Map<string, BybitInstrument> | null = null;
  /** The market load in progress, shared by concurrent callers; whether the last one failed (ccxt must then reload). */
  private loading: Promise<void> | null = null;
  private marketsFailed = false;
  private byUnified = new Map<string, BybitInstrument>();
  private readonly subscribers = new Set<ExecutionEvents>();
  private stream: BybitPrivateStream | null = null;
  private readonly now: () => number;

  private constructor(
    private readonly ccxt: CcxtModule,
    private readonly exchange: BybitExchange,
    private readonly options: BybitExecutionOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  static async create(options: BybitExecutionOptions): Promise<BybitExecutionClient> {
    if (!options.credentials.apiKey || !options.credentials.secret) throw new ValidationError('bybit needs an API key and secret; set them with `stratus keys set bybit`');
    const ccxt = await loadCcxt();
    const config = VENUES.bybit.ccxtConfig;
    const exchange = new ccxt.bybit({
      ...config,
      apiKey: options.credentials.apiKey,
      secret: options.credentials.secret,
      enableRateLimit: options.rateLimit ?? true,
      timeout: options.timeoutMs ?? 10_000,
      options: { ...config.options, recvWindow: options.recvWindowMs ?? 5_000, timeDifference: options.timeDifferenceMs ?? 0 },
      ...(options.endpoint ? { urls: bybitUrls(options.endpoint) } : {}),
    });
    return new BybitExecutionClient(ccxt, exchange, options);
  }

  async submit(request: OrderRequest): Promise<Order> {
    const instrument = await this.instrument(request.symbol);
    const { type, price, params } = createArguments(request, instrument);
    try {
      const created = await this.exchange.createOrder(unifiedOf(instrument), type, request.side, unitsToNumber(request.quantity, instrument.quantityScale), price, params);
      const now = this.now();
      return { ...request, symbol: instrument.symbol, status: 'open', venueOrderId: created.id, filledQuantity: 0n, updatedAt: now };
    } catch (error) {
      const failure = classifyBybitError(this.ccxt, error);
      if (failure.retCode === 110072 || failure.ambiguous) {
        // The venue may hold the order already: its state, not a second order, is the answer.
        const existing = await this.fetchOrder(request.symbol, request.clientOrderId);
        if (existing) return existing;
        if (failure.retCode === 110072) throw new VenueError(`bybit reports orderLinkId ${request.clientOrderId} as a duplicate but has no such order`);
      }
      throw failure.error;
    }
  }

  async cancel(symbol: string, clientOrderId: string): Promise<Order> {
    const instrument = await this.instrument(symbol);
    try {
      await this.exchange.privatePostV5OrderCancel({ category: 'linear', symbol: instrument.id, orderLinkId: clientOrderId });
    } catch (error) {
      const failure = classifyBybitError(this.ccxt, error);
      // 110001: already filled or cancelled (or never there); the order's state says which.
      if (failure.retCode !== 110001 && !failure.ambiguous) throw failure.error;
      const order = await this.fetchOrder(symbol, clientOrderId);
      if (!order) throw new NotFoundError(`bybit has no order ${clientOrderId} on ${instrument.symbol}`);
      if (failure.ambiguous && order.status !== 'cancelled' && order.status !== 'filled') throw failure.error;
      return order;
    }
    return this.required(symbol, clientOrderId);
  }

  async amend(symbol: string, clientOrderId: string, changes: OrderAmendment): Promise<Order> {
    const instrument = await this.instrument(symbol);
    const request: Record<string, string> = { category: 'linear', symbol: instrument.id, orderLinkId: clientOrderId };
    const price = (units: bigint) => formatUnits(units, instrument.priceScale);
    if (changes.quantity !== undefined) request.qty = formatUnits(changes.quantity, instrument.quantityScale);
    if (changes.price !== undefined) request.price = price(changes.price);
    if (changes.triggerPrice !== undefined) request.triggerPrice = price(changes.triggerPrice);
    if (changes.stopLoss !== undefined) request.stopLoss = price(changes.stopLoss);
    if (changes.takeProfit !== undefined) request.takeProfit = price(changes.takeProfit);
    if (Object.keys(request).length === 3) throw new ValidationError('an amendment must change something');
    await this.call(() => this.exchange.privatePostV5OrderAmend(request));
    return this.required(symbol, clientOrderId);
  }

  async fetchOrder(symbol: string, clientOrderId: string): Promise<Order | undefined> {
    const instrument = await this.instrument(symbol);
    const query = { category: 'linear', symbol: instrument.id, orderLinkId: clientOrderId };
    // order/realtime answers for recent orders of any status; older closed ones are in order/history.
    for (const read of [() => this.exchange.privateGetV5OrderRealtime(query), () => this.exchange.privateGetV5OrderHistory(query)]) {
      const response = await this.call(read);
      const raw = listOf(response)[0];
      if (raw) return parseOrder(raw, this.lookup);
    }
    return undefined;
  }

  async fetchOpenOrders(symbol?: string): Promise<readonly Order[]> {
    const base = symbol === undefined ? { category: 'linear', settleCoin: 'USDT' } : { category: 'linear', symbol: (await this.instrument(symbol)).id };
    await this.ensureInstruments();
    const raws = await this.pages((cursor) => this.exchange.privateGetV5OrderRealtime({ ...base, limit: PAGE.realtime, ...cursor }));
    return raws.map((raw) => parseOrder(raw, this.lookup));
  }

  async fetchFills(since: number, symbol?: string): Promise<readonly Fill[]> {
    const base: Record<string, string | number> = { category: 'linear', execType: 'Trade', startTime: since, limit: PAGE.executions };
    if (symbol !== undefined) base.symbol = (await this.instrument(symbol)).id;
    await this.ensureInstruments();
    const raws = await this.pages((cursor) => this.exchange.privateGetV5ExecutionList({ ...base, ...cursor }));
    const receivedAt = this.now();
    // Newest first from the venue, page after page; oldest first for the engine (executions of one
    // millisecond keep the venue's order).
    return raws
      .reverse()
      .map((raw) => parseFill(raw, this.lookup, receivedAt))
      .sort((a, b) => a.time - b.time);
  }

  async fetchPositions(): Promise<readonly Position[]> {
    await this.ensureInstruments();
    const raws = await this.pages((cursor) => this.exchange.privateGetV5PositionList({ category: 'linear', settleCoin: 'USDT', limit: PAGE.positions, ...cursor }));
    const receivedAt = this.now();
    return raws.map((raw) => parsePosition(raw, this.lookup, receivedAt));
  }

  async fetchBalances(): Promise<readonly Balance[]> {
    const response = await this.call(() => this.exchange.privateGetV5AccountWalletBalance({ accountType: 'UNIFIED' }));
    return parseBalances(listOf(response), this.now());
  }

  subscribe(events: ExecutionEvents): () => void {
    this.subscribers.add(events);
    if (!this.stream) {
      const wsBase = this.options.endpoint ? this.options.endpoint.wsUrl.replace(/\/$/, '') : 'wss://stream.bybit.com';
      this.stream = new BybitPrivateStream(
        { url: `${wsBase}/v5/private`, apiKey: this.options.credentials.apiKey, secret: this.options.credentials.secret },
        {
          onData: (topic, data) => void this.deliver(topic, data),
          onResubscribed: () => this.each((s) => s.onReconnect?.()),
          onError: (error) => this.options.onStreamError?.(error),
        },
      );
      this.stream.start();
    }
    return () => this.subscribers.delete(events);
  }

  /** Whether the private stream is connected now (for status displays and tests). */
  get streaming(): boolean {
    return this.stream?.connected ?? false;
  }

  async close(): Promise<void> {
    this.stream?.stop();
    this.stream = null;
    this.subscribers.clear();
  }

  private async deliver(topic: PrivateTopic, data: readonly Raw[]): Promise<void> {
    try {
      await this.ensureInstruments();
      const receivedAt = this.now();
      for (const raw of data) {
        if (topic === 'order' && raw.category === 'linear') {
          const order = parseOrder(raw, this.lookup);
          this.each((s) => s.onOrder?.(order));
        } else if (topic === 'execution' && raw.category === 'linear' && (raw.execType === undefined || raw.execType === 'Trade')) {
          const fill = parseFill(raw, this.lookup, receivedAt);
          this.each((s) => s.onFill?.(fill));
        } else if (topic === 'position' && (raw.category === undefined || raw.category === 'linear')) {
          const position = parsePosition(raw, this.lookup, receivedAt);
          this.each((s) => s.onPosition?.(position));
        }
      }
      if (topic === 'wallet') for (const balance of parseBalances(data, receivedAt)) this.each((s) => s.onBalance?.(balance));
    } catch (error) {
      this.options.onStreamError?.(classifyBybitError(this.ccxt, error).error);
    }
  }

  private each(deliver: (events: ExecutionEvents) => void): void {
    for (const subscriber of this.subscribers) deliver(subscriber);
  }

  private async required(symbol: string, clientOrderId: string): Promise<Order> {
    const order = await this.fetchOrder(symbol, clientOrderId);
    if (!order) throw new NotFoundError(`bybit has no order ${clientOrderId} on ${symbol}`);
    return order;
  }

  /** Follows Bybit's nextPageCursor to the end. */
  private async pages(read: (cursor: { cursor?: string }) => Promise<unknown>): Promise<Raw[]> {
    const all: Raw[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1_000; page++) {
      const response = await this.call(() => read(cursor ? { cursor } : {}));
      all.push(...listOf(response));
      cursor = (response as { result?: { nextPageCursor?: string } }).result?.nextPageCursor || undefined;
      if (!cursor) return all;
    }
    throw new VenueError('bybit kept paging past 1,000 pages');
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw classifyBybitError(this.ccxt, error).error;
    }
  }

  private readonly lookup = (bybitId: string): BybitInstrument => {
    const instrument = this.instruments?.get(bybitId);
    if (!instrument) throw new VenueError(`bybit sent an order for ${bybitId}, which is not a linear instrument the engine knows`);
    return instrument;
  };

  /** The linear instrument of an engine symbol (`BTC/USDT:USDT`) or a Bybit id (`BTCUSDT`). */
  private async instrument(symbol: string): Promise<BybitInstrument> {
    await this.ensureInstruments();
    const instrument = this.byUnified.get(symbol) ?? this.instruments?.get(symbol);
    if (!instrument) throw new ValidationError(`bybit has no linear instrument "${symbol}"`);
    return instrument;
  }

  /**
   * The linear instruments, loaded once. ccxt keeps the promise of its first market load, rejected or
   * not, and hands it to every later `loadMarkets()` — its own `createOrder` included — so one timeout of
   * that first load (a slow answer on a busy machine) used to fail every call of the client from then on.
   * Here a failed load is forgotten and the next one asks ccxt to reload; a transient failure of this
   * read (it changes nothing at the venue) is tried again at once, twice at most, with a short pause.
   */
  private async ensureInstruments(): Promise<void> {
    if (this.instruments) return;
    this.loading ??= this.loadInstruments().finally(() => {
      this.loading = null;
    });
    await this.loading;
  }

  private async loadInstruments(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let markets: Awaited<ReturnType<BybitExchange['loadMarkets']>>;
      try {
        markets = await this.call(() => this.exchange.loadMarkets(this.marketsFailed));
      } catch (error) {
        this.marketsFailed = true;
        if (attempt >= MARKET_LOAD_RETRIES || !(error instanceof EngineError && error.retryable)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        continue;
      }
      this.marketsFailed = false;
      const instruments = new Map<string, BybitInstrument>();
      for (const market of Object.values(markets)) {
        if (!market?.linear || !market.swap || market.id === undefined || market.precision.price === undefined || market.precision.amount === undefined) continue;
        const instrument = { id: market.id, symbol: market.symbol, priceScale: decimals(market.precision.price), quantityScale: decimals(market.precision.amount) };
        instruments.set(market.id, instrument);
        this.byUnified.set(market.symbol, instrument);
      }
      this.instruments = instruments;
      return;
    }
  }
}

function unifiedOf(instrument: BybitInstrument): string {
  return instrument.symbol;
}

/** ccxt createOrder arguments for an engine order: the venue sees exactly the engine's decimals. */
function createArguments(request: OrderRequest, instrument: BybitInstrument) {
  const toPrice = (units: bigint) => unitsToNumber(units, instrument.priceScale);
  const limit = request.type === 'limit' || request.type === 'stop-limit';
  if (limit && request.price === undefined) throw new ValidationError(`a ${request.type} order needs a price`);
  const stop = request.type === 'stop-market' || request.type === 'stop-limit';
  if (stop && request.triggerPrice === undefined) throw new ValidationError(`a ${request.type} order needs a trigger price`);
  const params: Record<string, unknown> = { clientOrderId: request.clientOrderId };
  if (request.timeInForce === 'post-only') params.postOnly = true;
  else if (request.timeInForce !== 'GTC') params.timeInForce = request.timeInForce;
  if (request.reduceOnly) params.reduceOnly = true;
  if (stop && request.triggerPrice !== undefined) {
    params.triggerPrice = toPrice(request.triggerPrice);
    // A buy stop fires when the price rises to it, a sell stop when it falls to it.
    params.triggerDirection = request.side === 'buy' ? 'above' : 'below';
  }
  if (request.stopLoss !== undefined) params.stopLoss = { triggerPrice: toPrice(request.stopLoss) };
  if (request.takeProfit !== undefined) params.takeProfit = { triggerPrice: toPrice(request.takeProfit) };
  return { type: limit ? 'limit' : 'market', price: limit && request.price !== undefined ? toPrice(request.price) : undefined, params } as const;
}

function listOf(response: unknown): Raw[] {
  const result = (response as { result?: { list?: unknown } }).result;
  return Array.isArray(result?.list) ? (result.list as Raw[]) : [];
}
