/** Where a piece of text came from; each kind has its own weight in the aggregate. */
export const SENTIMENT_SOURCE_KINDS = ['news', 'x', 'reddit', 'telegram', 'macro', 'webhook'] as const;
export type SentimentSourceKind = (typeof SENTIMENT_SOURCE_KINDS)[number];

export const SENTIMENT_EVENT_TYPES = [
  'hack',
  'listing',
  'delisting',
  'partnership',
  'regulation',
  'etf',
  'delay',
  'upgrade',
  'macro',
] as const;
export type SentimentEventType = (typeof SENTIMENT_EVENT_TYPES)[number];

/** A detected event in a text: what kind, how much it may move a market (1 low … 3 high), and the words that showed it. */
export type DetectedEvent = { readonly type: SentimentEventType; readonly severity: 1 | 2 | 3; readonly match: string };

/** A text as a source delivered it, with the time the engine received it (point-in-time). */
export type RawSentimentItem = {
  readonly sourceId: string;
  readonly kind: SentimentSourceKind;
  /** The source's own id (guid, tweet id, post id); de-duplication key together with sourceId. */
  readonly externalId: string;
  readonly title: string;
  readonly body?: string;
  readonly url?: string;
  readonly author?: string;
  readonly publishedAt: number | null;
  readonly receivedAt: number;
};

/** The model's verdict on one text: label, polarity in [-1, 1] (P(bullish) − P(bearish)) and confidence (top probability). */
export type SentimentScore = {
  readonly label: string;
  readonly polarity: number;
  readonly confidence: number;
  readonly probabilities: Readonly<Record<string, number>>;
};

/** A scored item as stored and published: what the feed shows. */
export type ScoredSentimentItem = RawSentimentItem & {
  readonly id: number;
  readonly symbols: readonly string[];
  readonly events: readonly DetectedEvent[];
  readonly score: SentimentScore;
  readonly model: string;
  readonly scoredAt: number;
};

export const SENTIMENT_WINDOWS = ['5m', '1h', '24h'] as const;
export type SentimentWindow = (typeof SENTIMENT_WINDOWS)[number];

/** Aggregated sentiment of one symbol over one window, as known at `at`. */
export type SentimentAggregate = {
  readonly symbol: string;
  readonly window: SentimentWindow;
  readonly at: number;
  /** Weighted, time-decayed mean polarity in [-1, 1]. */
  readonly score: number;
  /** 0…1: grows with the weight of evidence and the model's confidence. */
  readonly confidence: number;
  readonly count: number;
  /** True when the newest items moved the score far from its recent baseline. */
  readonly spike: boolean;
};
