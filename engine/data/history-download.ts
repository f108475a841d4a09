import { retry, type BackoffPolicy } from '../core/backoff';
import type { Clock } from '../core/clock';
import { EngineError, ValidationError } from '../core/errors';
import type { Candle, SeriesKey } from '../model/candle';
import { barOpenTime, nextOpenTime, timeframeMs, type Timeframe } from '../model/timeframe';
import type { CandleService } from './candle-service';
import { findGaps } from './gaps';
import type { MarketDataClient } from './market-data-client';

/** Page requests kept in flight: enough to keep a venue busy while a page is stored, few enough to be polite. */
const PAGES_IN_FLIGHT = 3;

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
 * Downloads the closed bars of one series that the store does not have, page by page. With `resume`
 * (the default) only the missing ranges are fetched: an interrupted download continues after the last
 * stored candle (fetching that one again, as it may have been stored while still open), and history
 * already there is not fetched twice. Each page is requested with an explicit [since, until] window
 * of at most one page of bars, so venues that answer "the newest N in the range" and venues that
 * answer "the first N" page the same way; the next page is requested while the current one is
 * written. Retryable failures (rate limits, 5xx, dropped connections) are retried with backoff;
 * anything else stops the download with what was stored kept.
 */
export async function downloadHistory(deps: DownloadDeps, request: DownloadRequest, options: DownloadOptions = {}): Promise<DownloadResult> {
  const { client, candles, clock } = deps;
  const { timeframe } = request;
  if (!client.capabilities.nativeTimeframes.includes(timeframe)) {
    throw new ValidationError(`${client.venue} does not serve ${timeframe} bars; download 1m and aggregate`);
  }
  const latestClosed = barOpenTime(timeframe, (request.openFrom ?? barOpenTime(timeframe, clock.now())) - 1);
  const from = barOpenTime(timeframe, request.since);
  const to = Math.min(request.until === undefined ? latestClosed : barOpenTime(timeframe, request.until), latestClosed);
  if (to < from) throw new ValidationError(`nothing to download: ${new Date(from).toISOString()} is after the latest closed bar`);

  const ranges = request.resume === false ? [{ from, to }] : missingRanges(candles, request, from, to);
  const resumedFrom = ranges.length > 0 && ranges[0]!.from > from ? ranges[0]!.from : null;
  const totalBars = ranges.reduce((sum, range) => sum + barsBetween(timeframe, range.from, range.to), 0);
  const perPage = client.capabilities.candlesPerRequest;
  const started = clock.now();
  let doneBars = 0;
  let storedCount = 0;
  let requests = 0;
  let retries = 0;
  let cursor = ranges[0]?.from ?? to;

  const progress = (): DownloadProgress => {
    const fraction = totalBars === 0 ? 1 : Math.min(1, doneBars / totalBars);
    const elapsed = Math.max(1, clock.now() - started);
    const rate = (storedCount * 1000) / elapsed;
    const remaining = Math.max(0, totalBars - doneBars);
    return { from, to, cursor, stored: storedCount, requests, retries, fraction, candlesPerSecond: rate, etaMs: rate > 0 ? (remaining / rate) * 1000 : null };
  };

  for (const range of ranges) {
    if (options.signal?.aborted) break;
    const fetchPage = (pageStart: number): Promise<Candle[]> => {
      const pageEnd = Math.min(range.to, lastOpenOfPage(timeframe, pageStart, perPage));
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
    // Pages are requested a few ahead, so the venue prepares the next while this one is written.
    const pageEnds: number[] = [];
    const inFlight: Promise<Candle[]>[] = [];
    let nextStart = range.from;
    const requestMore = () => {
      while (inFlight.length < PAGES_IN_FLIGHT && nextStart <= range.to && !options.signal?.aborted) {
        const pageEnd = Math.min(range.to, lastOpenOfPage(timeframe, nextStart, perPage));
        const page = fetchPage(nextStart);
        // Marked as handled now: a later page may fail while an earlier one is awaited; it is rethrown in turn.
        page.catch(() => undefined);
        inFlight.push(page);
        pageEnds.push(pageEnd);
        nextStart = nextOpenTime(timeframe, pageEnd);
      }
    };
    cursor = range.from;
    requestMore();
    while (inFlight.length > 0) {
      let page: Candle[];
      try {
        page = await inFlight.shift()!;
      } catch (error) {
        // What is still in flight is abandoned.
        inFlight.length = 0;
        throw error;
      }
      const pageEnd = pageEnds.shift()!;
      requestMore();
      const closed = page.filter((candle) => candle.openTime >= cursor && candle.openTime <= pageEnd);
      try {
        storedCount += candles.appendHistory(request, closed).written;
      } catch (error) {
        inFlight.length = 0;
        throw error;
      }
      doneBars += barsBetween(timeframe, cursor, pageEnd);
      cursor = pageEnd;
      options.onProgress?.(progress());
      if (options.signal?.aborted) {
        for (const pending of inFlight.splice(0)) await pending.catch(() => undefined);
        break;
      }
      cursor = nextOpenTime(timeframe, pageEnd);
    }
    cursor = Math.min(cursor, range.to);
  }
  return { ...progress(), resumedFrom };
}

/** The ranges in [from, to] the store lacks; the trailing one starts at the last stored bar, which may have been open. */
function missingRanges(candles: CandleService, key: SeriesKey, from: number, to: number): { from: number; to: number }[] {
  const times = candles.openTimes(key, from, to);
  const gaps = findGaps(times, key.timeframe, { from, to });
  const last = times.at(-1);
  const trailing = gaps.at(-1);
  if (last !== undefined && trailing && trailing.from === nextOpenTime(key.timeframe, last)) {
    gaps[gaps.length - 1] = { ...trailing, from: last };
  }
  return gaps.map((gap) => ({ from: gap.from, to: gap.to }));
}

function barsBetween(timeframe: Timeframe, first: number, last: number): number {
  if (timeframe !== '1M') return Math.floor((last - first) / timeframeMs(timeframe)) + 1;
  let count = 0;
  for (let t = first; t <= last; t = nextOpenTime(timeframe, t)) count += 1;
  return count;
}

function lastOpenOfPage(timeframe: Timeframe, pageStart: number, perPage: number): number {
  if (timeframe !== '1M') return pageStart + (perPage - 1) * timeframeMs(timeframe);
  let open = pageStart;
  for (let i = 1; i < perPage; i++) open = nextOpenTime(timeframe, open);
  return open;
}
