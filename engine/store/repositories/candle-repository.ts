import type Database from 'better-sqlite3';
import type { Candle, CandleColumns, SeriesKey, SeriesSummary } from '../../model/candle';
import type { Timeframe } from '../../model/timeframe';

export type CandleRange = { from?: number; to?: number; limit?: number };
export type UpsertResult = { written: number };

/**
 * Rows per INSERT statement for bulk writes. One statement per row spends most of its time crossing
 * from JavaScript into SQLite; 64 rows per statement measured 1.7× faster (bench/csv-import).
 */
const BLOCK_ROWS = 64;
const COLUMNS = 8;

/** A candle seen again (a still-open bar updating, a re-import) replaces the stored values. */
function upsertSql(rows: number): string {
  const values = new Array<string>(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  return `INSERT INTO candles (series_id, open_time, open, high, low, close, volume, received_at) VALUES ${values}
    ON CONFLICT (series_id, open_time) DO UPDATE SET
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      volume = excluded.volume, received_at = excluded.received_at`;
}

function bindCandle(params: number[], offset: number, seriesId: number, c: Candle | undefined, receivedAt: number): void {
  if (!c) throw new Error('candle index out of range');
  params[offset] = seriesId;
  params[offset + 1] = c.openTime;
  params[offset + 2] = c.open;
  params[offset + 3] = c.high;
  params[offset + 4] = c.low;
  params[offset + 5] = c.close;
  params[offset + 6] = c.volume;
  params[offset + 7] = receivedAt;
}

type CandleRow = [openTime: number, open: number, high: number, low: number, close: number, volume: number];

/** Candles per series, written in batched transactions and read as columns for the chart. */
export class CandleRepository {
  private readonly findSeries: Database.Statement<[string, string, string], { id: number }>;
  private readonly insertSeries: Database.Statement<[string, string, string]>;
  private readonly upsertOne: Database.Statement<unknown[]>;
  private readonly upsertBlock: Database.Statement<unknown[]>;
  private readonly selectRange: Database.Statement<[number, number, number]>;
  private readonly selectLatest: Database.Statement<[number, number, number, number]>;
  private readonly seriesCache = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    this.findSeries = db.prepare('SELECT id FROM candle_series WHERE venue = ? AND symbol = ? AND timeframe = ?');
    this.insertSeries = db.prepare('INSERT INTO candle_series (venue, symbol, timeframe) VALUES (?, ?, ?)');
    this.upsertOne = db.prepare(upsertSql(1));
    this.upsertBlock = db.prepare(upsertSql(BLOCK_ROWS));
    this.selectRange = db
      .prepare<[number, number, number]>(`SELECT open_time, open, high, low, close, volume FROM candles
        WHERE series_id = ? AND open_time BETWEEN ? AND ? ORDER BY open_time`)
      .raw();
    // With a limit, the most recent candles are the useful ones: read backwards, then reverse.
    this.selectLatest = db
      .prepare<[number, number, number, number]>(`SELECT open_time, open, high, low, close, volume FROM candles
        WHERE series_id = ? AND open_time BETWEEN ? AND ? ORDER BY open_time DESC LIMIT ?`)
      .raw();
  }

  /** Writes candles in one transaction: all of them or, on any error, none. */
  upsertMany(key: SeriesKey, candles: readonly Candle[], receivedAt: number): UpsertResult {
    const write = this.db.transaction(() => {
      const seriesId = this.seriesIdFor(key, true);
      const block = new Array<number>(BLOCK_ROWS * COLUMNS);
      let i = 0;
      for (; i + BLOCK_ROWS <= candles.length; i += BLOCK_ROWS) {
        for (let j = 0; j < BLOCK_ROWS; j++) bindCandle(block, j * COLUMNS, seriesId, candles[i + j], receivedAt);
        this.upsertBlock.run(block);
      }
      const one = new Array<number>(COLUMNS);
      for (; i < candles.length; i++) {
        bindCandle(one, 0, seriesId, candles[i], receivedAt);
        this.upsertOne.run(one);
      }
    });
    write();
    return { written: candles.length };
  }

  range(key: SeriesKey, range: CandleRange = {}): CandleColumns {
    const columns: CandleColumns = { openTime: [], open: [], high: [], low: [], close: [], volume: [] };
    const seriesId = this.seriesIdFor(key, false);
    if (seriesId === undefined) return columns;
    const from = range.from ?? 0;
    const to = range.to ?? Number.MAX_SAFE_INTEGER;
    const rows = (
      range.limit === undefined
        ? this.selectRange.all(seriesId, from, to)
        : this.selectLatest.all(seriesId, from, to, range.limit).reverse()
    ) as CandleRow[];
    for (const [openTime, open, high, low, close, volume] of rows) {
      columns.openTime.push(openTime);
      columns.open.push(open);
      columns.high.push(high);
      columns.low.push(low);
      columns.close.push(close);
      columns.volume.push(volume);
    }
    return columns;
  }

  listSeries(): SeriesSummary[] {
    const rows = this.db
      .prepare(
        `SELECT s.venue, s.symbol, s.timeframe, COUNT(*) AS count, MIN(c.open_time) AS first, MAX(c.open_time) AS last
         FROM candle_series s JOIN candles c ON c.series_id = s.id
         GROUP BY s.id ORDER BY s.venue, s.symbol, s.timeframe`,
      )
      .all() as { venue: string; symbol: string; timeframe: Timeframe; count: number; first: number; last: number }[];
    return rows.map((r) => ({
      venue: r.venue,
      symbol: r.symbol,
      timeframe: r.timeframe,
      count: r.count,
      firstOpenTime: r.first,
      lastOpenTime: r.last,
    }));
  }

  /** Open time of the latest stored candle at or before `to`, or undefined when none is stored. */
  lastOpenTime(key: SeriesKey, to: number = Number.MAX_SAFE_INTEGER): number | undefined {
    const seriesId = this.seriesIdFor(key, false);
    if (seriesId === undefined) return undefined;
    const row = this.db.prepare('SELECT MAX(open_time) AS last FROM candles WHERE series_id = ? AND open_time <= ?').get(seriesId, to) as { last: number | null };
    return row.last ?? undefined;
  }

  /** Open times only, oldest first: what gap detection needs, without building the rest. */
  openTimes(key: SeriesKey, from: number, to: number): number[] {
    const seriesId = this.seriesIdFor(key, false);
    if (seriesId === undefined) return [];
    return this.db
      .prepare('SELECT open_time FROM candles WHERE series_id = ? AND open_time BETWEEN ? AND ? ORDER BY open_time')
      .pluck()
      .all(seriesId, from, to) as number[];
  }

  count(key: SeriesKey): number {
    const seriesId = this.seriesIdFor(key, false);
    if (seriesId === undefined) return 0;
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM candles WHERE series_id = ?').get(seriesId) as { n: number };
    return row.n;
  }

  private seriesIdFor(key: SeriesKey, create: true): number;
  private seriesIdFor(key: SeriesKey, create: false): number | undefined;
  private seriesIdFor(key: SeriesKey, create: boolean): number | undefined {
    const cacheKey = `${key.venue}\u0000${key.symbol}\u0000${key.timeframe}`;
    const cached = this.seriesCache.get(cacheKey);
    if (cached !== undefined) return cached;
    let id = this.findSeries.get(key.venue, key.symbol, key.timeframe)?.id;
    if (id === undefined && create) {
      id = Number(this.insertSeries.run(key.venue, key.symbol, key.timeframe).lastInsertRowid);
    }
    // Only cache ids that exist: a rolled-back transaction could otherwise leave a stale id behind.
    if (id !== undefined && !this.db.inTransaction) this.seriesCache.set(cacheKey, id);
    return id;
  }
}
