import type { SeriesKey } from '../model/candle';
import type { FlowSnapshot } from '../model/flow';
import type { SentimentAggregate, SentimentWindow } from '../model/sentiment';
import type { ContextProviders } from './series-pipeline';

const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'DAI', 'USD', 'EUR', 'BTC', 'ETH'];
const HOUR = 3_600_000;

/** The base asset of a symbol: from the instrument when it is known, else the symbol without its quote suffix. */
export function baseAsset(symbol: string, known?: string): string {
  if (known) return known.toUpperCase();
  const plain = symbol.split(/[/:]/)[0]!.toUpperCase();
  if (plain !== symbol.toUpperCase()) return plain;
  const quote = QUOTES.find((q) => plain.endsWith(q) && plain.length > q.length);
  return quote ? plain.slice(0, -quote.length) : plain;
}

/** Tokens that carry an asset on chain: itself, its wrapped form (WBTC, WETH) and Binance's peg (BTCB). */
function tokensOf(asset: string): Set<string> {
  return new Set([asset, `W${asset}`, `${asset}B`]);
}

type FlowRow = { readonly token: string; readonly start: number; readonly inflow: number; readonly outflow: number; readonly net: number };

export type ContextSources = {
  readonly baseOf: (series: SeriesKey) => string | undefined;
  /** The aggregate as known at a time (sentiment.asOf). */
  readonly sentimentAsOf?: (symbol: string, window: SentimentWindow, at: number) => SentimentAggregate | null;
  readonly sentimentWindow?: SentimentWindow;
  /** Hourly exchange-flow buckets starting in [from, to). */
  readonly flows?: (query: { from: number; to: number }) => readonly FlowRow[];
  /** How far back exchange flow is summed (default 24 h). */
  readonly flowWindowMs?: number;
};

/**
 * Sentiment and exchange flow of a series' base asset as known when a bar closed: the sentiment
 * aggregate stored at or before the close, and the sum of the complete hourly flow buckets of the
 * window before it (a bucket still filling is left out, so a replay sees what live saw).
 */
export function createContextProviders(sources: ContextSources): ContextProviders {
  const window = sources.sentimentWindow ?? '1h';
  const flowWindow = sources.flowWindowMs ?? 24 * HOUR;
  // Asked once per bar (a backtest's load asks 100,000s of times): a known instrument's base never changes.
  const known = new Map<string, string>();
  const assetOf = (series: SeriesKey): string => {
    const key = `${series.venue}\u0000${series.symbol}`;
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    const base = sources.baseOf(series);
    if (base === undefined) return baseAsset(series.symbol);
    known.set(key, base);
    return base;
  };
  return {
    sentiment: sources.sentimentAsOf
      ? (series, at) => {
          const asset = assetOf(series);
          return sources.sentimentAsOf!(asset, window, at) ?? undefined;
        }
      : undefined,
    flow: sources.flows
      ? (series, at) => {
          const asset = assetOf(series);
          const tokens = tokensOf(asset);
          const end = Math.floor(at / HOUR) * HOUR;
          let inflow = 0;
          let outflow = 0;
          let seen = false;
          for (const row of sources.flows!({ from: end - flowWindow, to: end })) {
            if (!tokens.has(row.token.toUpperCase())) continue;
            inflow += row.inflow;
            outflow += row.outflow;
            seen = true;
          }
          return seen ? { asset, netFlow: inflow - outflow, inflow, outflow, at: end } satisfies FlowSnapshot : undefined;
        }
      : undefined,
  };
}
