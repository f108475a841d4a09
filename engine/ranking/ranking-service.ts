import { ValidationError } from '../core/errors';
import type { MessageBus, Unsubscribe } from '../core/message-bus';
import type { BookEvent } from '../data/live-feed';
import type { SeriesKey, SeriesSummary } from '../model/candle';
import type { RegimeState } from '../model/regime';
import type { SentimentAggregate } from '../model/sentiment';
import type { Timeframe } from '../model/timeframe';
import type { CandleRepository } from '../store/repositories/candle-repository';
import type { RankingReport, SeriesMetrics } from './ranking-types';
import { rankMetrics } from './scores';
import { DEFAULT_METRICS_OPTIONS, minimumBars, seriesMetrics, type MetricsOptions } from './series-metrics';

export type RankingRequest = {
  readonly timeframe: Timeframe;
  readonly venue?: string;
  readonly top: number;
  /** Newest bars read per series: the history volatility percentiles and long-run correlations are measured over. */
  readonly bars?: number;
};

export type RankingDeps = {
  readonly candles: Pick<CandleRepository, 'listSeries' | 'range'>;
  /** Latest 1h sentiment aggregate of a base asset known at a time; absent without sentiment sources. */
  readonly sentimentAsOf?: (asset: string, at: number) => SentimentAggregate | null | undefined;
  /** Where live regime states and top-of-book quotes are published; without it, neither is used. */
  readonly bus?: MessageBus;
  readonly now: () => number;
  readonly options?: MetricsOptions;
};

export const DEFAULT_BARS = 2_000;
/** Symbols taken as the market reference for correlation, in order of preference. */
const REFERENCE_BASES = ['BTC', 'XBT'];
const QUOTES = ['USDT', 'USDC', 'BUSD', 'USD', 'EUR', 'BTC'];

/** The asset a symbol is priced in units of: BTC for `BTC/USDT`, `BTC/USDT:USDT` and `BTCUSDT`. */
export function baseAsset(symbol: string): string {
  const slash = symbol.indexOf('/');
  if (slash > 0) return symbol.slice(0, slash).toUpperCase();
  const upper = symbol.toUpperCase();
  for (const quote of QUOTES) if (upper.length > quote.length && upper.endsWith(quote)) return upper.slice(0, -quote.length);
  return upper;
}

const seriesId = (k: { venue: string; symbol: string; timeframe: string }): string => `${k.venue}\u0000${k.symbol}\u0000${k.timeframe}`;

/**
 * Ranks the stored series of one timeframe by a confidence matrix (trend, sentiment, volatility,
 * liquidity, anomalies). It remembers the newest regime state and top-of-book spread published for
 * each series, so those enter the ranking when a regime detector or a live feed runs.
 */
export class RankingService {
  private readonly regimes = new Map<string, RegimeState>();
  private readonly spreads = new Map<string, number>();
  private subscriptions: Unsubscribe[] = [];

  constructor(private readonly deps: RankingDeps) {}

  start(): void {
    const bus = this.deps.bus;
    if (!bus || this.subscriptions.length > 0) return;
    this.subscriptions = [
      bus.subscribe<RegimeState>('regime.>', (state) => {
        this.regimes.set(seriesId(state), state);
      }),
      bus.subscribe<BookEvent>('data.book.>', (book) => {
        const mid = (book.bid + book.ask) / 2;
        if (mid > 0 && book.ask >= book.bid) this.spreads.set(`${book.venue}\u0000${book.symbol}`, ((book.ask - book.bid) / mid) * 10_000);
      }),
    ];
  }

  stop(): void {
    for (const off of this.subscriptions) off();
    this.subscriptions = [];
  }

  top(request: RankingRequest): RankingReport {
    if (!Number.isInteger(request.top) || request.top < 1) throw new ValidationError(`top must be a whole number ≥ 1, got ${request.top}`);
    const options = this.deps.options ?? DEFAULT_METRICS_OPTIONS;
    const bars = request.bars ?? DEFAULT_BARS;
    const needed = minimumBars(options);
    if (bars < needed) throw new ValidationError(`bars must be at least ${needed}, got ${bars}`);
    const all = this.deps.candles.listSeries().filter((s) => s.timeframe === request.timeframe && (request.venue === undefined || s.venue === request.venue));
    const reference = pickReference(all);
    const referenceCandles = reference ? this.deps.candles.range(reference, { limit: bars }) : undefined;
    const referenceName = reference ? `${reference.symbol}` : undefined;
    const metrics: SeriesMetrics[] = [];
    const skipped: { series: SeriesKey; reason: string }[] = [];
    for (const summary of all) {
      const key: SeriesKey = { venue: summary.venue, symbol: summary.symbol, timeframe: summary.timeframe };
      if (summary.count < needed) {
        skipped.push({ series: key, reason: `${summary.count} bars stored, ${needed} needed` });
        continue;
      }
      const candles = reference && seriesId(reference) === seriesId(key) ? referenceCandles! : this.deps.candles.range(key, { limit: bars });
      const lastTime = candles.openTime[candles.openTime.length - 1]!;
      const sentiment = this.deps.sentimentAsOf?.(baseAsset(key.symbol), this.deps.now()) ?? undefined;
      const isReference = reference !== undefined && seriesId(reference) === seriesId(key);
      const regime = this.regimes.get(seriesId(key));
      metrics.push(
        seriesMetrics(
          key,
          candles,
          {
            ...(referenceCandles && referenceName && !isReference ? { reference: { name: referenceName, candles: referenceCandles } } : {}),
            ...(regime && regime.time <= lastTime ? { regime } : {}),
            ...(sentiment ? { sentiment } : {}),
            ...(this.spreads.has(`${key.venue}\u0000${key.symbol}`) ? { spreadBps: this.spreads.get(`${key.venue}\u0000${key.symbol}`)! } : {}),
          },
          options,
        ),
      );
    }
    return {
      generatedAt: this.deps.now(),
      timeframe: request.timeframe,
      ...(request.venue !== undefined ? { venue: request.venue } : {}),
      ...(referenceName ? { reference: referenceName } : {}),
      items: rankMetrics(metrics, request.top),
      skipped,
    };
  }
}

/** BTC against a dollar quote on the venue with the most bars of it. */
function pickReference(series: readonly SeriesSummary[]): SeriesSummary | undefined {
  const candidates = series.filter((s) => REFERENCE_BASES.includes(baseAsset(s.symbol)));
  return candidates.sort((a, b) => b.count - a.count)[0];
}
