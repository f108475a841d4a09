import { abortableSleep, backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../core/backoff';
import type { Clock } from '../core/clock';
import { EngineError, errorMessage, ValidationError } from '../core/errors';
import type { MessageBus } from '../core/message-bus';
import type { SeriesKey } from '../model/candle';
import type { TopOfBook, Ticker } from '../model/market';
import { barOpenTime, timeframeMs, type Timeframe } from '../model/timeframe';
import type { CandleAggregator } from './candle-aggregator';
import type { CandleService } from './candle-service';
import { marketTopic } from './candle-topics';
import { downloadHistory } from './history-download';
import type { MarketDataClient } from './market-data-client';
import type { TradeRecorder } from './trade-recorder';

export type FeedState = 'connecting' | 'connected' | 'reconnecting' | 'stale' | 'stopped';

export type FeedStatus = {
  readonly venue: string;
  readonly state: FeedState;
  readonly lastMessageAt: number | null;
  readonly reconnects: number;
  readonly badFrames: number;
  readonly error: string | null;
  readonly subscriptions: readonly { readonly symbol: string; readonly timeframe: Timeframe }[];
};

export type BookEvent = TopOfBook & { readonly venue: string; readonly symbol: string; readonly receivedAt: number };
export type TickerEvent = Ticker & { readonly venue: string; readonly symbol: string; readonly receivedAt: number };

export type LiveFeedDeps = {
  readonly client: MarketDataClient;
  readonly candles: CandleService;
  readonly aggregator: CandleAggregator;
  readonly trades: TradeRecorder;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly log: (message: string, error?: unknown) => void;
  readonly backoff?: BackoffPolicy;
  /** A connected feed with no message for this long is marked stale. */
  readonly staleAfterMs?: number;
};

type Loop = { active: boolean; done: Promise<void> };

type SymbolWatch = {
  /** Timeframes the trader asked for. */
  readonly timeframes: Set<Timeframe>;
  /** Candle streams running: native timeframes, and 1m when something is aggregated from it. */
  readonly candleLoops: Map<Timeframe, Loop>;
  readonly marketLoops: Loop[];
};

const SOURCE: Timeframe = '1m';

/**
 * The live data of one venue: for each watched symbol, candle streams (the venue's own timeframes, or
 * 1m aggregated into the others), trades, top of book and ticker. A failed connection is retried with
 * backoff and jitter; once it is back, the candles missed meanwhile are fetched over REST and stored
 * before live updates are applied again, so the stored series has no hole and no duplicate.
 */
export class LiveFeed {
  private readonly watches = new Map<string, SymbolWatch>();
  private state: FeedState = 'connecting';
  private lastMessageAt: number | null = null;
  private reconnects = 0;
  private badFrames = 0;
  private error: string | null = null;
  private readonly staleTimer: NodeJS.Timeout;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: LiveFeedDeps) {
    const staleAfter = deps.staleAfterMs ?? 30_000;
    this.staleTimer = setInterval(() => {
      if (this.state === 'connected' && this.lastMessageAt !== null && deps.clock.now() - this.lastMessageAt > staleAfter) this.setState('stale');
    }, Math.min(1_000, staleAfter / 2));
    this.staleTimer.unref();
  }

  get venue(): string {
    return this.deps.client.venue;
  }

  status(): FeedStatus {
    const subscriptions = [...this.watches].flatMap(([symbol, watch]) => [...watch.timeframes].map((timeframe) => ({ symbol, timeframe })));
    return { venue: this.venue, state: this.state, lastMessageAt: this.lastMessageAt, reconnects: this.reconnects, badFrames: this.badFrames, error: this.error, subscriptions };
  }

  /** Counts a frame the venue client refused; the stream goes on. */
  recordBadFrame(problem: string): void {
    this.badFrames += 1;
    this.deps.log(`${this.venue}: dropped a bad frame (${problem})`);
    this.publishStatus();
  }

  watch(symbol: string, timeframe: Timeframe): void {
    let watch = this.watches.get(symbol);
    if (!watch) {
      watch = { timeframes: new Set(), candleLoops: new Map(), marketLoops: [] };
      this.watches.set(symbol, watch);
      const { streams } = this.deps.client.capabilities;
      if (streams.trades) watch.marketLoops.push(this.startLoop(() => this.deps.client.watchTrades(symbol), (trades) => this.deps.trades.record(this.venue, symbol, trades)));
      if (streams.book) watch.marketLoops.push(this.startLoop(() => this.deps.client.watchTopOfBook(symbol), (book) => this.publishBook(symbol, book)));
      if (streams.ticker) watch.marketLoops.push(this.startLoop(() => this.deps.client.watchTicker(symbol), (ticker) => this.publishTicker(symbol, ticker)));
    }
    if (watch.timeframes.has(timeframe)) return;
    watch.timeframes.add(timeframe);
    const stream = this.streamedTimeframe(timeframe);
    if (!watch.candleLoops.has(stream)) watch.candleLoops.set(stream, this.startCandleLoop(symbol, stream));
    this.publishStatus();
  }

  async unwatch(symbol: string, timeframe: Timeframe): Promise<void> {
    const watch = this.watches.get(symbol);
    if (!watch || !watch.timeframes.delete(timeframe)) return;
    const needed = new Set([...watch.timeframes].map((tf) => this.streamedTimeframe(tf)));
    for (const [stream, loop] of watch.candleLoops) {
      if (needed.has(stream)) continue;
      loop.active = false;
      watch.candleLoops.delete(stream);
      await this.deps.client.unwatchCandles(symbol, stream);
    }
    if (watch.timeframes.size === 0) {
      for (const loop of watch.marketLoops) loop.active = false;
      this.watches.delete(symbol);
      await this.deps.client.unwatchMarket(symbol);
    }
    this.publishStatus();
  }

  async stop(): Promise<void> {
    clearInterval(this.staleTimer);
    this.stopping.abort();
    const loops = [...this.watches.values()].flatMap((w) => [...w.candleLoops.values(), ...w.marketLoops]);
    for (const loop of loops) loop.active = false;
    this.watches.clear();
    await this.deps.client.close();
    await Promise.all(loops.map((loop) => loop.done));
    this.deps.trades.flush();
    this.setState('stopped');
  }

  private streamedTimeframe(timeframe: Timeframe): Timeframe {
    return this.deps.client.capabilities.nativeTimeframes.includes(timeframe) ? timeframe : SOURCE;
  }

  /** The timeframes built from this stream (aggregated from 1m), for a symbol. */
  private aggregatedFrom(symbol: string, stream: Timeframe): Timeframe[] {
    if (stream !== SOURCE) return [];
    return [...(this.watches.get(symbol)?.timeframes ?? [])].filter((tf) => tf !== SOURCE && this.streamedTimeframe(tf) === SOURCE);
  }

  private startCandleLoop(symbol: string, timeframe: Timeframe): Loop {
    const key: SeriesKey = { venue: this.venue, symbol, timeframe };
    let needsBackfill = true;
    let newestOpen = Number.NEGATIVE_INFINITY;
    return this.startLoop(
      () => this.deps.client.watchCandles(symbol, timeframe),
      async (batch) => {
        if (batch.length === 0) return;
        const sorted = [...batch].sort((a, b) => a.openTime - b.openTime);
        newestOpen = Math.max(newestOpen, sorted.at(-1)!.openTime);
        if (needsBackfill) {
          await this.backfill(key, sorted[0]!.openTime, newestOpen);
          needsBackfill = false;
        }
        // The newest bar seen is the one still forming; every earlier one has closed.
        this.deps.candles.append(key, sorted, { openFrom: newestOpen });
        for (const target of this.aggregatedFrom(symbol, timeframe)) {
          this.deps.aggregator.rebuild(key, target, { from: sorted[0]!.openTime, to: newestOpen }, { now: newestOpen, live: true });
        }
      },
      () => {
        needsBackfill = true;
      },
    );
  }

  /** Fetches over REST the closed bars between the last stored one and the first live one. */
  private async backfill(key: SeriesKey, firstLive: number, openFrom: number): Promise<void> {
    const perPage = this.deps.client.capabilities.candlesPerRequest;
    const last = this.deps.candles.lastOpenTime(key);
    const since = last ?? barOpenTime(key.timeframe, firstLive) - (perPage - 1) * timeframeMs(key.timeframe);
    if (since < openFrom) {
      await downloadHistory(
        { client: this.deps.client, candles: this.deps.candles, clock: this.deps.clock, retryPolicy: this.deps.backoff },
        { ...key, since, until: openFrom - 1, openFrom },
        { signal: this.stopping.signal },
      );
    }
    for (const target of this.aggregatedFrom(key.symbol, key.timeframe)) {
      this.deps.aggregator.rebuild(key, target, { from: since, to: openFrom }, { now: openFrom, live: false });
    }
  }

  /**
   * Runs one stream: wait for the next update, handle it, repeat. Retryable failures (the connection)
   * back off and try again; operational ones (the venue refused the subscription) stop the stream with
   * its reason in the status.
   */
  private startLoop<T>(next: () => Promise<T>, handle: (value: T) => void | Promise<void>, onDisconnect?: () => void): Loop {
    const loop: Loop = { active: true, done: Promise.resolve() };
    loop.done = (async () => {
      let attempt = 0;
      while (loop.active) {
        try {
          const value = await next();
          if (!loop.active) break;
          this.onMessage();
          attempt = 0;
          await handle(value);
        } catch (error) {
          if (!loop.active) break;
          if (error instanceof EngineError && !error.retryable) {
            this.error = error.message;
            this.deps.log(`${this.venue}: stream stopped`, error);
            this.publishStatus();
            if (error instanceof ValidationError) break;
            await abortableSleep(backoffDelay(attempt++, this.deps.backoff ?? DEFAULT_BACKOFF), this.stopping.signal);
            continue;
          }
          onDisconnect?.();
          this.onDisconnect(error);
          await abortableSleep(backoffDelay(attempt++, this.deps.backoff ?? DEFAULT_BACKOFF), this.stopping.signal);
        }
      }
    })();
    return loop;
  }

  private onMessage(): void {
    this.lastMessageAt = this.deps.clock.now();
    if (this.state !== 'connected') {
      this.error = null;
      this.setState('connected');
    }
  }

  private onDisconnect(error: unknown): void {
    if (this.state === 'connected' || this.state === 'stale') this.reconnects += 1;
    this.error = errorMessage(error);
    if (this.state !== 'reconnecting') this.setState('reconnecting');
  }

  private setState(state: FeedState): void {
    this.state = state;
    this.publishStatus();
  }

  private publishStatus(): void {
    this.deps.bus.publish<FeedStatus>(`data.feed.${this.venue}`, this.status());
  }

  private publishBook(symbol: string, book: TopOfBook): void {
    this.deps.bus.publish<BookEvent>(marketTopic('book', this.venue, symbol), { ...book, venue: this.venue, symbol, receivedAt: this.deps.clock.now() });
  }

  private publishTicker(symbol: string, ticker: Ticker): void {
    this.deps.bus.publish<TickerEvent>(marketTopic('ticker', this.venue, symbol), { ...ticker, venue: this.venue, symbol, receivedAt: this.deps.clock.now() });
  }
}
