import {
  SENTIMENT_WINDOWS,
  type SentimentAggregate,
  type SentimentSourceKind,
  type SentimentWindow,
} from '../../model/sentiment';

export const WINDOW_MS: Readonly<Record<SentimentWindow, number>> = { '5m': 300_000, '1h': 3_600_000, '24h': 86_400_000 };

export type SourceWeights = Readonly<Record<SentimentSourceKind, number>>;

export const DEFAULT_SOURCE_WEIGHTS: SourceWeights = { news: 0.4, x: 0.3, reddit: 0.2, telegram: 0.1, macro: 0.4, webhook: 0.2 };

export type AggregatorConfig = {
  readonly weights: SourceWeights;
  /** Half-life of an item's weight as a fraction of the window (0.5: an item half a window old counts half). */
  readonly halfLifeFraction: number;
  /** Items a window needs before it can report a spike. */
  readonly spikeMinCount: number;
  /** Score distance from the older baseline that counts as a spike. */
  readonly spikeScoreDelta: number;
  /** Item rate, relative to the 24-hour rate, that counts as a burst. */
  readonly spikeRateRatio: number;
};

export const DEFAULT_AGGREGATOR_CONFIG: AggregatorConfig = {
  weights: DEFAULT_SOURCE_WEIGHTS,
  halfLifeFraction: 0.5,
  spikeMinCount: 3,
  spikeScoreDelta: 0.5,
  spikeRateRatio: 5,
};

/** One scored mention of a symbol, at the time the engine received it. */
export type Contribution = {
  readonly at: number;
  readonly kind: SentimentSourceKind;
  readonly polarity: number;
  readonly confidence: number;
};

/**
 * Per-symbol sentiment over sliding windows. An item's weight is its source weight × the model's confidence
 * × an exponential time decay; the score is the weighted mean polarity; confidence is 1 − e^(−total weight),
 * so a single confident news headline gives ≈ 0.3 and a handful agreeing items approach 1. Contributions
 * older than the longest window are dropped, so memory stays bounded by the flow of one day.
 */
export class SentimentAggregator {
  private readonly bySymbol = new Map<string, Contribution[]>();

  constructor(private config: AggregatorConfig = DEFAULT_AGGREGATOR_CONFIG) {}

  configure(config: AggregatorConfig): void {
    this.config = config;
  }

  /** Adds the contribution and returns every window's aggregate for that symbol as of `contribution.at`. */
  add(symbol: string, contribution: Contribution): SentimentAggregate[] {
    const list = this.bySymbol.get(symbol) ?? [];
    // Sources deliver almost in time order; keep the list sorted so pruning is a prefix cut.
    let i = list.length;
    while (i > 0 && (list[i - 1]?.at ?? -Infinity) > contribution.at) i--;
    list.splice(i, 0, contribution);
    this.bySymbol.set(symbol, list);
    return this.snapshot(symbol, contribution.at);
  }

  snapshot(symbol: string, at: number): SentimentAggregate[] {
    const list = this.bySymbol.get(symbol) ?? [];
    const oldest = at - WINDOW_MS['24h'];
    let cut = 0;
    while (cut < list.length && (list[cut]?.at ?? Infinity) < oldest) cut++;
    if (cut > 0) list.splice(0, cut);
    return SENTIMENT_WINDOWS.map((window) => this.aggregate(symbol, window, list, at));
  }

  symbols(): string[] {
    return [...this.bySymbol.keys()];
  }

  private aggregate(symbol: string, window: SentimentWindow, list: readonly Contribution[], at: number): SentimentAggregate {
    const span = WINDOW_MS[window];
    const inside = weigh(list, at, span, this.config, (c) => c.at > at - span && c.at <= at);
    let spike = false;
    if (window !== '24h' && inside.count >= this.config.spikeMinCount) {
      const day = WINDOW_MS['24h'];
      const before = weigh(list, at, day, this.config, (c) => c.at <= at - span && c.at > at - day);
      const shifted = before.count > 0 && Math.abs(inside.score - before.score) >= this.config.spikeScoreDelta;
      const dayRate = (inside.count + before.count) / day;
      const burst = before.count > 0 && inside.count / span >= this.config.spikeRateRatio * dayRate;
      spike = shifted || burst;
    }
    return { symbol, window, at, score: inside.score, confidence: 1 - Math.exp(-inside.weight), count: inside.count, spike };
  }
}

function weigh(
  list: readonly Contribution[],
  at: number,
  span: number,
  config: AggregatorConfig,
  include: (c: Contribution) => boolean,
): { score: number; weight: number; count: number } {
  const halfLife = span * config.halfLifeFraction;
  let weighted = 0;
  let weight = 0;
  let count = 0;
  for (const c of list) {
    if (!include(c)) continue;
    const w = (config.weights[c.kind] ?? 0) * c.confidence * 0.5 ** ((at - c.at) / halfLife);
    weighted += w * c.polarity;
    weight += w;
    count++;
  }
  return { score: weight > 0 ? weighted / weight : 0, weight, count };
}
