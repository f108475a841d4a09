import type { BackoffPolicy } from '../core/backoff';
import type { Clock } from '../core/clock';
import { ValidationError } from '../core/errors';
import type { MessageBus } from '../core/message-bus';
import type { SeriesKey } from '../model/candle';
import type { Instrument } from '../model/instrument';
import type { InstrumentRepository } from '../store/repositories/instrument-repository';
import { CandleAggregator } from './candle-aggregator';
import type { CandleService } from './candle-service';
import { findGaps, type Gap } from './gaps';
import { downloadHistory, type DownloadOptions, type DownloadRequest, type DownloadResult } from './history-download';
import { LiveFeed, type FeedStatus } from './live-feed';
import type { MarketDataClient } from './market-data-client';
import type { TradeRecorder } from './trade-recorder';

export type MarketDataDeps = {
  readonly venues: readonly string[];
  /** Builds the client of a venue; `onBadFrame` receives every WebSocket frame it refused. */
  readonly createClient: (venue: string, onBadFrame: (problem: string) => void) => Promise<MarketDataClient>;
  readonly candles: CandleService;
  readonly instruments: InstrumentRepository;
  readonly trades: TradeRecorder;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly log: (message: string, error?: unknown) => void;
  readonly backoff?: BackoffPolicy;
  readonly staleAfterMs?: number;
};

/**
 * The data engine's front door for venues: instruments, history downloads and gap filling, and live
 * feeds. One client (REST + WebSocket) per venue, created on first use.
 */
export class MarketDataService {
  private readonly clients = new Map<string, Promise<MarketDataClient>>();
  private readonly feeds = new Map<string, LiveFeed>();
  private readonly aggregator: CandleAggregator;

  constructor(private readonly deps: MarketDataDeps) {
    this.aggregator = new CandleAggregator(deps.candles);
  }

  get venues(): readonly string[] {
    return this.deps.venues;
  }

  async refreshInstruments(venue: string): Promise<{ venue: string; count: number }> {
    const client = await this.client(venue);
    const instruments = await client.loadInstruments();
    this.deps.instruments.upsertMany(instruments, this.deps.clock.now());
    return { venue, count: instruments.length };
  }

  searchInstruments(query: string, options: { venue?: string; limit: number }): Instrument[] {
    return this.deps.instruments.search(query, options);
  }

  /** The stored instrument, loading the venue's list first if it has none; unknown symbols name the near ones. */
  async instrument(venue: string, symbol: string): Promise<Instrument> {
    this.checkVenue(venue);
    if (this.deps.instruments.count(venue) === 0) await this.refreshInstruments(venue);
    const found = this.deps.instruments.get(venue, symbol);
    if (found) return found;
    const near = this.nearSymbols(venue, symbol);
    const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : `; ${this.deps.instruments.count(venue)} instruments are loaded, search them with data.instruments`;
    throw new ValidationError(`unknown symbol "${symbol}" on ${venue}${hint}`);
  }

  /** Instruments a mistyped symbol probably meant: the same letters without separators, or the same base asset. */
  private nearSymbols(venue: string, symbol: string): string[] {
    const squash = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const wanted = squash(symbol);
    const base = squash(symbol.split(/[/:-]/)[0] ?? symbol);
    const all = this.deps.instruments.list(venue);
    const bySpelling = all.filter((i) => squash(`${i.base}${i.quote}`) === wanted || squash(i.symbol).startsWith(wanted));
    const byBase = all.filter((i) => i.base.toUpperCase() === base);
    return [...new Set([...bySpelling, ...byBase].map((i) => i.symbol))].slice(0, 5);
  }

  /** Downloads history; timeframes the venue does not serve are downloaded as 1m and aggregated. */
  async download(request: DownloadRequest, options: DownloadOptions = {}): Promise<DownloadResult> {
    await this.instrument(request.venue, request.symbol);
    const client = await this.client(request.venue);
    const deps = { client, candles: this.deps.candles, clock: this.deps.clock, retryPolicy: this.deps.backoff };
    if (client.capabilities.nativeTimeframes.includes(request.timeframe)) return downloadHistory(deps, request, options);
    const source = { ...request, timeframe: '1m' as const };
    const result = await downloadHistory(deps, source, options);
    this.aggregator.rebuild(source, request.timeframe, { from: result.from, to: result.to }, { now: this.deps.clock.now(), live: false });
    return result;
  }

  gaps(key: SeriesKey, range: { from?: number; to?: number } = {}): Gap[] {
    const from = range.from ?? 0;
    const to = range.to ?? Number.MAX_SAFE_INTEGER;
    const times = this.deps.candles.openTimes(key, from, to);
    return findGaps(times, key.timeframe, { from: range.from, to: range.to });
  }

  /** Downloads every gap in the stored series (within the range, if given). */
  async fillGaps(key: SeriesKey, range: { from?: number; to?: number } = {}, options: DownloadOptions = {}): Promise<{ gaps: number; stored: number; remaining: Gap[] }> {
    const gaps = this.gaps(key, range);
    let stored = 0;
    for (const gap of gaps) {
      if (options.signal?.aborted) break;
      const result = await this.download({ ...key, since: gap.from, until: gap.to, resume: false }, options);
      stored += result.stored;
    }
    return { gaps: gaps.length, stored, remaining: this.gaps(key, range) };
  }

  async watch(key: SeriesKey): Promise<FeedStatus> {
    await this.instrument(key.venue, key.symbol);
    const feed = await this.feed(key.venue);
    feed.watch(key.symbol, key.timeframe);
    return feed.status();
  }

  async unwatch(key: SeriesKey): Promise<void> {
    await this.feeds.get(key.venue)?.unwatch(key.symbol, key.timeframe);
  }

  feedStatuses(): FeedStatus[] {
    return [...this.feeds.values()].map((feed) => feed.status());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.feeds.values()].map((feed) => feed.stop()));
    this.feeds.clear();
    const clients = await Promise.allSettled(this.clients.values());
    await Promise.all(clients.map((c) => (c.status === 'fulfilled' ? c.value.close() : undefined)));
    this.clients.clear();
    this.deps.trades.flush();
  }

  private async feed(venue: string): Promise<LiveFeed> {
    let feed = this.feeds.get(venue);
    if (!feed) {
      const client = await this.client(venue);
      feed = this.feeds.get(venue);
      if (feed) return feed;
      feed = new LiveFeed({ ...this.deps, client, aggregator: this.aggregator });
      this.feeds.set(venue, feed);
    }
    return feed;
  }

  private client(venue: string): Promise<MarketDataClient> {
    this.checkVenue(venue);
    let client = this.clients.get(venue);
    if (!client) {
      client = this.deps.createClient(venue, (problem) => this.feeds.get(venue)?.recordBadFrame(problem));
      // A failed creation must not be cached: the next call tries again.
      client.catch(() => this.clients.delete(venue));
      this.clients.set(venue, client);
    }
    return client;
  }

  private checkVenue(venue: string): void {
    if (!this.deps.venues.includes(venue)) throw new ValidationError(`unknown venue "${venue}"; use one of ${this.deps.venues.join(', ')}`);
  }
}

