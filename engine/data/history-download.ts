import { retry, type BackoffPolicy } from '../core/backoff';
import type { Clock } from '../core/clock';
import { EngineError, ValidationError } from '../core/errors';
import type { Candle, SeriesKey } from '../model/candle';
import { barOpenTime, nextOpenTime, timeframeMs, type Timeframe } from '../model/timeframe';
import type { CandleService } from './candle-service';
import type { MarketDataClient } from './market-data-client';

export type DownloadRequest = SeriesKey & {
  readonly since: number;
  /** Last open time wanted; defaults to the latest closed bar. */
  readonly until?: number;
  /** Continue after the last stored candle in the range (default); false re-downloads all of it (gap filling). */
  readonly resume?: boolean;
  /** Bars opening at or after this are still open and not stored; defaults to the engine clock's current bar. */
  readonly openFrom?: number;
};

export type DownloadProgress = {
  readonly from: number;
  readonly to: number;
  /** Open time the download has reached. */
  readonly cursor: number;
  readonly stored: number;
  readonly requests: number;
  readonly retries: number;
  /** Share of the range done, 0–1. */
  readonly fraction: number;
  readonly candlesPerSecond: number;
  readonly etaMs: number | null;
};

export type DownloadResult = DownloadProgress & { readonly resumedFrom: number | null };

export type DownloadDeps = {
  readonly client: MarketDataClient;
  readonly candles: CandleService;
  readonly clock: Clock;
  readonly retryPolicy?: BackoffPolicy;
  readonly maxAttempts?: number;
};

export type DownloadOptions = {
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

/**
 * Downloads closed bars of one series page by page into the store. Each page is requested with an
 * explicit [since, until] window of at most one page of bars, so venues that answer "the newest N in
 * the range" and venues that answer "the first N" page the same way. The next page is requested while
 * the current one is written. Retryable failures (rate limits, 5xx, dropped connections) are retried
 * with backoff; anything else stops the download with what was stored kept.
 */
export async function downloadHistory(deps: DownloadDeps, request: DownloadRequest, options: DownloadOptions = {}): Promise<DownloadResult> {
  const { client, candles, clock } = deps;
  const { timeframe } = request;
  if (!client.capabilities.nativeTimeframes.includes(timeframe)) {
    throw new ValidationError(`${client.venue} does not serve ${timeframe} bars; download 1m and aggregate`);
  }
  const step = timeframeMs(timeframe);
  const latestClosed = barOpenTime(timeframe, (request.openFrom ?? barOpenTime(timeframe, clock.now())) - 1);
  const from = barOpenTime(timeframe, request.since);
  const to = Math.min(request.until === undefined ? latestClosed : barOpenTime(timeframe, request.until), latestClosed);
  if (to < from) throw new ValidationError(`nothing to download: ${new Date(from).toISOString()} is after the latest closed bar`);

  const stored = request.resume === false ? undefined : candles.lastOpenTime(request, to);
  const resumedFrom = stored !== undefined && stored >= from ? stored : null;
  // The last stored bar may have been stored while still open: fetch it again.
  let cursor = resumedFrom ?? from;
  const perPage = client.capabilities.candlesPerRequest;
  const started = clock.now();
  let storedCount = 0;
  let requests = 0;
  let retries = 0;

  const fetchPage = (pageStart: number): Promise<Candle[]> => {
    const pageEnd = Math.min(to, lastOpenOfPage(timeframe, pageStart, perPage));
    requests += 1;
    return retry(() => client.fetchCandles(request.symbol, timeframe, { since: pageStart, until: pageEnd, limit: perPage }), {
      policy: deps.retryPolicy,
      maxAttempts: deps.maxAttempts ?? 8,
      isRetryable: (error) => error instanceof EngineError && error.retryable,
      onRetry: () => void (retries += 1),
      signal: options.signal,
      sleep: options.sleep,
    });
  };

  const progress = (): DownloadProgress => {
    const fraction = to === from ? 1 : Math.min(1, Math.max(0, (cursor - from) / (to - from)));
    const elapsed = Math.max(1, clock.now() - started);
    const rate = (storedCount * 1000) / elapsed;
    const remainingBars = Math.max(0, (to - cursor) / step);
    return { from, to, cursor, stored: storedCount, requests, retries, fraction, candlesPerSecond: rate, etaMs: rate > 0 ? (remainingBars / rate) * 1000 : null };
  };

  let pending: Promise<Candle[]> | null = fetchPage(cursor);
  while (pending) {
    const page = await pending;
    const pageEnd = Math.min(to, lastOpenOfPage(timeframe, cursor, perPage));
    const next = nextOpenTime(timeframe, pageEnd);
    pending = next <= to && !options.signal?.aborted ? fetchPage(next) : null;
    const closed = page.filter((candle) => candle.openTime >= cursor && candle.openTime <= to);
    // A failed store must not leave a page request running behind it.
    try {
      storedCount += candles.appendHistory(request, closed).written;
    } catch (error) {
      await pending?.catch(() => undefined);
      throw error;
    }
    cursor = next > to ? to : next;
    options.onProgress?.(progress());
    if (options.signal?.aborted) {
      await pending?.catch(() => undefined);
      break;
    }
  }
  return { ...progress(), resumedFrom };
}

function lastOpenOfPage(timeframe: Timeframe, pageStart: number, perPage: number): number {
  if (timeframe !== '1M') return pageStart + (perPage - 1) * timeframeMs(timeframe);
  let open = pageStart;
  for (let i = 1; i < perPage; i++) open = nextOpenTime(timeframe, open);
  return open;
}
