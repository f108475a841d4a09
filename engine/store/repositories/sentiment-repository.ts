import type Database from 'better-sqlite3';
import type {
  DetectedEvent,
  RawSentimentItem,
  ScoredSentimentItem,
  SentimentAggregate,
  SentimentScore,
  SentimentSourceKind,
  SentimentWindow,
} from '../../model/sentiment';

type ItemRow = {
  id: number;
  source_id: string;
  kind: SentimentSourceKind;
  external_id: string;
  title: string;
  body: string | null;
  url: string | null;
  author: string | null;
  published_at: number | null;
  received_at: number;
  symbols: string;
  events: string;
  label: string | null;
  polarity: number | null;
  confidence: number | null;
  probabilities: string | null;
  model: string | null;
  scored_at: number | null;
};

type AggregateRow = { symbol: string; time_window: SentimentWindow; at: number; score: number; confidence: number; count: number; spike: number };

/** Sentiment items and aggregates, keyed by arrival time. */
export class SentimentRepository {
  private readonly insertItem;
  private readonly scoreItem;
  private readonly insertAggregate;
  private readonly aggregateAsOf;

  constructor(private readonly db: Database.Database) {
    this.insertItem = db.prepare(
      `INSERT INTO sentiment_items (source_id, kind, external_id, title, body, url, author, published_at, received_at, symbols, events)
       VALUES (@sourceId, @kind, @externalId, @title, @body, @url, @author, @publishedAt, @receivedAt, @symbols, @events)
       ON CONFLICT (source_id, external_id) DO NOTHING`,
    );
    this.scoreItem = db.prepare(
      `UPDATE sentiment_items SET label = ?, polarity = ?, confidence = ?, probabilities = ?, model = ?, scored_at = ?, symbols = ?, events = ?
       WHERE id = ?`,
    );
    this.insertAggregate = db.prepare(
      `INSERT INTO sentiment_aggregates (symbol, time_window, at, score, confidence, count, spike)
       VALUES (@symbol, @window, @at, @score, @confidence, @count, @spike)
       ON CONFLICT (symbol, time_window, at) DO UPDATE SET score = excluded.score, confidence = excluded.confidence,
         count = excluded.count, spike = excluded.spike`,
    );
    // Prepared once: backtests ask it for every bar.
    this.aggregateAsOf = db.prepare('SELECT * FROM sentiment_aggregates WHERE symbol = ? AND time_window = ? AND at <= ? ORDER BY at DESC LIMIT 1');
  }

  /** Stores a received item; returns its id, or null when this source already delivered it. */
  insert(item: RawSentimentItem, symbols: readonly string[], events: readonly DetectedEvent[]): number | null {
    const result = this.insertItem.run({
      sourceId: item.sourceId,
      kind: item.kind,
      externalId: item.externalId,
      title: item.title,
      body: item.body ?? null,
      url: item.url ?? null,
      author: item.author ?? null,
      publishedAt: item.publishedAt,
      receivedAt: item.receivedAt,
      symbols: JSON.stringify(symbols),
      events: JSON.stringify(events),
    });
    return result.changes === 1 ? Number(result.lastInsertRowid) : null;
  }

  /** Records the model's verdict, with the symbols and events as finally determined (enrichment may add some). */
  setScore(id: number, score: SentimentScore, model: string, scoredAt: number, symbols: readonly string[], events: readonly DetectedEvent[]): void {
    this.scoreItem.run(
      score.label,
      score.polarity,
      score.confidence,
      JSON.stringify(score.probabilities),
      model,
      scoredAt,
      JSON.stringify(symbols),
      JSON.stringify(events),
      id,
    );
  }

  saveAggregates(aggregates: readonly SentimentAggregate[]): void {
    const run = this.db.transaction((rows: readonly SentimentAggregate[]) => {
      for (const a of rows) this.insertAggregate.run({ symbol: a.symbol, window: a.window, at: a.at, score: a.score, confidence: a.confidence, count: a.count, spike: a.spike ? 1 : 0 });
    });
    run(aggregates);
  }

  /** Newest scored items first; `before` pages back by id. */
  recent(options: { limit: number; symbol?: string; before?: number }): ScoredSentimentItem[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM sentiment_items WHERE label IS NOT NULL AND (@before IS NULL OR id < @before)
           AND (@symbol IS NULL OR EXISTS (SELECT 1 FROM json_each(symbols) WHERE value = @symbol))
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({ limit: options.limit, symbol: options.symbol ?? null, before: options.before ?? null }) as ItemRow[];
    return rows.map(toItem);
  }

  /** Items as known at a time: received at or before it (for replays). */
  receivedBetween(from: number, to: number): ScoredSentimentItem[] {
    const rows = this.db
      .prepare('SELECT * FROM sentiment_items WHERE label IS NOT NULL AND received_at >= ? AND received_at <= ? ORDER BY received_at, id')
      .all(from, to) as ItemRow[];
    return rows.map(toItem);
  }

  unscored(limit: number): (RawSentimentItem & { readonly id: number })[] {
    const rows = this.db.prepare('SELECT * FROM sentiment_items WHERE label IS NULL ORDER BY id LIMIT ?').all(limit) as ItemRow[];
    return rows.map((row) => ({ ...toRaw(row), id: row.id }));
  }

  series(symbol: string, window: SentimentWindow, from: number, to: number, limit: number): SentimentAggregate[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT * FROM sentiment_aggregates WHERE symbol = ? AND time_window = ? AND at >= ? AND at <= ?
           ORDER BY at DESC LIMIT ?) ORDER BY at`,
      )
      .all(symbol, window, from, to, limit) as AggregateRow[];
    return rows.map(toAggregate);
  }

  /**
   * The aggregate as it was known at `at` (the newest one computed at or before it): what a regime detector
   * or strategy may use as a feature at that moment, live or in a backtest, without looking ahead.
   */
  asOf(symbol: string, window: SentimentWindow, at: number): SentimentAggregate | null {
    const row = this.aggregateAsOf.get(symbol, window, at) as AggregateRow | undefined;
    return row ? toAggregate(row) : null;
  }

  /** The latest aggregate of every symbol and window. */
  latest(): SentimentAggregate[] {
    const rows = this.db
      .prepare(
        `SELECT a.* FROM sentiment_aggregates a
         JOIN (SELECT symbol, time_window, MAX(at) AS at FROM sentiment_aggregates GROUP BY symbol, time_window) m
           ON a.symbol = m.symbol AND a.time_window = m.time_window AND a.at = m.at`,
      )
      .all() as AggregateRow[];
    return rows.map(toAggregate);
  }
}

function toRaw(row: ItemRow): RawSentimentItem {
  return {
    sourceId: row.source_id,
    kind: row.kind,
    externalId: row.external_id,
    title: row.title,
    body: row.body ?? undefined,
    url: row.url ?? undefined,
    author: row.author ?? undefined,
    publishedAt: row.published_at,
    receivedAt: row.received_at,
  };
}

function toItem(row: ItemRow): ScoredSentimentItem {
  return {
    ...toRaw(row),
    id: row.id,
    symbols: JSON.parse(row.symbols) as string[],
    events: JSON.parse(row.events) as DetectedEvent[],
    score: {
      label: row.label ?? '',
      polarity: row.polarity ?? 0,
      confidence: row.confidence ?? 0,
      probabilities: row.probabilities ? (JSON.parse(row.probabilities) as Record<string, number>) : {},
    },
    model: row.model ?? '',
    scoredAt: row.scored_at ?? row.received_at,
  };
}

function toAggregate(row: AggregateRow): SentimentAggregate {
  return { symbol: row.symbol, window: row.time_window, at: row.at, score: row.score, confidence: row.confidence, count: row.count, spike: row.spike === 1 };
}
