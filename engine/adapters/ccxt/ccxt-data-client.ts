import type { Exchange, OHLCV, Trade as CcxtTrade } from 'ccxt';
import { errorMessage, ValidationError } from '../../core/errors';
import type { MarketDataClient } from '../../data/market-data-client';
import type { Candle } from '../../model/candle';
import type { Instrument } from '../../model/instrument';
import type { Ticker, TopOfBook, Trade } from '../../model/market';
import type { Timeframe } from '../../model/timeframe';
import type { VenueDefinition, VenueEndpoint } from '../venue-table';
import { toEngineError } from './ccxt-errors';
import { loadCcxt, type CcxtModule } from './load-ccxt';
import { marketToInstrument, type CcxtMarket } from './market-to-instrument';

export type CcxtClientOptions = {
  readonly endpoint?: VenueEndpoint;
  /** ccxt's client-side request spacing; on against real venues, off against a local emulator in benchmarks. */
  readonly rateLimit?: boolean;
  /** Called for every WebSocket frame refused or failed in parsing; the stream goes on. */
  readonly onBadFrame?: (problem: string) => void;
};

/**
 * One code path for any ccxt exchange: REST through ccxt, live streams through ccxt's pro (WebSocket)
 * classes. What differs between venues is in the venue table; every ccxt error is mapped to the engine's.
 */
export class CcxtDataClient implements MarketDataClient {
  private marketsLoaded = false;

  private constructor(
    private readonly ccxt: CcxtModule,
    private readonly exchange: Exchange,
    private readonly definition: VenueDefinition,
  ) {}

  static async create(definition: VenueDefinition, options: CcxtClientOptions = {}): Promise<CcxtDataClient> {
    const ccxt = await loadCcxt();
    if (options.endpoint && !definition.endpointUrls) {
      throw new ValidationError(`${definition.name} cannot be pointed at another endpoint`);
    }
    const ExchangeClass = ccxt.pro[definition.ccxtId] as unknown as new (config: object) => Exchange;
    const exchange = new ExchangeClass({
      ...definition.ccxtConfig,
      enableRateLimit: options.rateLimit ?? true,
      ...(options.endpoint && definition.endpointUrls ? { urls: definition.endpointUrls(options.endpoint) } : {}),
    });
    // ccxt refuses plain ws:// URLs until its proxy agent is loaded (a local emulator is not TLS).
    if (options.endpoint?.wsUrl.startsWith('ws://')) await exchange.loadHttpProxyAgent();
    guardFrames(exchange, definition, options.onBadFrame ?? (() => undefined));
    guardJson(exchange, ccxt);
    // ccxt prints unparseable frames to the console; the frame guard reports them through onBadFrame instead.
    (exchange as unknown as { log: (...args: unknown[]) => void }).log = () => undefined;
    return new CcxtDataClient(ccxt, exchange, definition);
  }

  get venue(): string {
    return this.definition.id;
  }

  get capabilities() {
    return this.definition.capabilities;
  }

  async loadInstruments(): Promise<Instrument[]> {
    const markets = await this.call(() => this.exchange.loadMarkets(true));
    this.marketsLoaded = true;
    const kinds = this.definition.capabilities.kinds;
    return Object.values(markets)
      .map((market) => (market ? marketToInstrument(this.venue, market as unknown as CcxtMarket) : null))
      .filter((instrument): instrument is Instrument => instrument !== null && kinds.includes(instrument.kind));
  }

  async fetchCandles(symbol: string, timeframe: Timeframe, range: { since: number; until: number; limit: number }): Promise<Candle[]> {
    await this.ensureMarkets();
    const rows = await this.call(() => this.exchange.fetchOHLCV(symbol, timeframe, range.since, range.limit, { until: range.until }));
    return rows.map(toCandle).filter((c) => c.openTime >= range.since && c.openTime <= range.until);
  }

  async watchCandles(symbol: string, timeframe: Timeframe): Promise<Candle[]> {
    await this.ensureMarkets();
    const rows = await this.call(() => this.exchange.watchOHLCV(symbol, timeframe));
    return rows.map(toCandle);
  }

  async watchTrades(symbol: string): Promise<Trade[]> {
    await this.ensureMarkets();
    const trades = await this.call(() => this.exchange.watchTrades(symbol));
    return trades.map(toTrade);
  }

  async watchTopOfBook(symbol: string): Promise<TopOfBook> {
    await this.ensureMarkets();
    const book = await this.call(() => this.exchange.watchOrderBook(symbol, this.definition.topOfBookDepth));
    const [bid, bidSize] = book.bids[0] ?? [Number.NaN, 0];
    const [ask, askSize] = book.asks[0] ?? [Number.NaN, 0];
    return { time: book.timestamp ?? Date.now(), bid: Number(bid), bidSize: Number(bidSize), ask: Number(ask), askSize: Number(askSize) };
  }

  async watchTicker(symbol: string): Promise<Ticker> {
    await this.ensureMarkets();
    const t = await this.call(() => this.exchange.watchTicker(symbol));
    return {
      time: t.timestamp ?? Date.now(),
      last: Number(t.last ?? t.close ?? Number.NaN),
      high24h: t.high ?? null,
      low24h: t.low ?? null,
      changePercent24h: t.percentage ?? null,
      volume24h: t.baseVolume ?? null,
    };
  }

  async unwatchCandles(symbol: string, timeframe: Timeframe): Promise<void> {
    // Unsubscribing is best effort: a dropped connection has already unsubscribed everything.
    if (this.exchange.has.unWatchOHLCV) await this.exchange.unWatchOHLCV(symbol, timeframe).catch(() => undefined);
  }

  async unwatchMarket(symbol: string): Promise<void> {
    const has = this.exchange.has;
    const attempts: (() => Promise<unknown>)[] = [];
    if (has.unWatchTrades) attempts.push(() => this.exchange.unWatchTrades(symbol));
    if (has.unWatchOrderBook) attempts.push(() => this.exchange.unWatchOrderBook(symbol));
    if (has.unWatchTicker) attempts.push(() => this.exchange.unWatchTicker(symbol));
    await Promise.allSettled(attempts.map((attempt) => attempt()));
  }

  async close(): Promise<void> {
    await this.exchange.close().catch(() => undefined);
  }

  /** ccxt needs its markets before any symbol call; loaded once, not looked at on every stream update. */
  private async ensureMarkets(): Promise<void> {
    if (this.marketsLoaded) return;
    await this.call(() => this.exchange.loadMarkets(true));
    this.marketsLoaded = true;
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toEngineError(this.ccxt, this.venue, error);
    }
  }
}

/**
 * Puts a check in front of ccxt's frame handler: a frame that is not JSON, has the wrong shape, or makes
 * ccxt's parser throw is reported and dropped, and the stream carries on with the next one.
 */
function guardFrames(exchange: Exchange, definition: VenueDefinition, onBadFrame: (problem: string) => void): void {
  const target = exchange as unknown as { handleMessage: (client: unknown, message: unknown) => unknown };
  const handle = target.handleMessage.bind(exchange);
  target.handleMessage = (client, message) => {
    const problem = typeof message === 'string' ? 'frame is not valid JSON' : (definition.frameProblem?.(message) ?? null);
    if (problem) return onBadFrame(problem);
    try {
      return handle(client, message);
    } catch (error) {
      onBadFrame(`frame could not be parsed: ${errorMessage(error)}`.slice(0, 300));
      return undefined;
    }
  };
}

/**
 * ccxt turns a truncated JSON body into "no data" (an empty candle page, say), which a paginating download
 * would take for the end of history. A body that starts like JSON and does not parse is a bad response.
 */
function guardJson(exchange: Exchange, ccxt: CcxtModule): void {
  const target = exchange as unknown as { parseJson: (text: unknown) => unknown };
  const parse = target.parseJson.bind(exchange);
  target.parseJson = (text) => {
    const parsed = parse(text);
    if (parsed === undefined && typeof text === 'string' && /^\s*[[{]/.test(text)) {
      throw new ccxt.BadResponse(`${exchange.id} sent a malformed JSON response`);
    }
    return parsed;
  };
}

function toCandle(row: OHLCV): Candle {
  return { openTime: Number(row[0]), open: Number(row[1]), high: Number(row[2]), low: Number(row[3]), close: Number(row[4]), volume: Number(row[5] ?? 0) };
}

function toTrade(trade: CcxtTrade): Trade {
  return { id: String(trade.id ?? `${trade.timestamp}-${trade.price}-${trade.amount}`), time: Number(trade.timestamp), price: Number(trade.price), amount: Number(trade.amount), side: trade.side === 'sell' ? 'sell' : 'buy' };
}
