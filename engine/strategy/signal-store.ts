import type Database from 'better-sqlite3';
import type { SeriesKey } from '../model/candle';
import type { RegimeLabel, RegimeModulation } from '../model/regime';
import type { Signal, SignalDirection } from '../model/signal';
import type { Timeframe } from '../model/timeframe';
import type { StrategyParams } from './strategy-api';

/** A strategy attached to a series, as stored. */
export type AttachmentRecord = {
  readonly id: string;
  readonly strategy: string;
  readonly series: SeriesKey;
  readonly params: StrategyParams;
  /** Open time of the first bar replayed to warm up; null until the series has a bar. */
  readonly anchor: number | null;
  readonly createdAt: number;
};

export type SignalQuery = {
  readonly series: SeriesKey;
  readonly strategy?: string;
  readonly attachmentId?: string;
  readonly from?: number;
  readonly to?: number;
  readonly limit: number;
};

type SignalRow = {
  id: string;
  strategy: string;
  venue: string;
  symbol: string;
  timeframe: Timeframe;
  time: number;
  received_at: number;
  direction: SignalDirection;
  strength: number;
  price: number;
  stop: number | null;
  target: number | null;
  probability: number | null;
  rationale: string;
  regime: RegimeLabel | null;
  modulation: string | null;
  suppressed: string | null;
};

type AttachmentRow = { id: string; strategy: string; venue: string; symbol: string; timeframe: Timeframe; params: string; anchor: number | null; created_at: number };

/** Signals and attachments in SQLite. A signal stored twice (same id) is kept once. */
export class SignalStore {
  private readonly insertSignal: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertSignal = db.prepare(`INSERT OR IGNORE INTO signals
      (id, attachment_id, strategy, venue, symbol, timeframe, time, received_at, direction, strength, price, stop, target, probability, rationale, regime, modulation, suppressed)
      VALUES (@id, @attachmentId, @strategy, @venue, @symbol, @timeframe, @time, @receivedAt, @direction, @strength, @price, @stop, @target, @probability, @rationale, @regime, @modulation, @suppressed)`);
  }

  /** Returns false when a signal with this id was already stored. */
  addSignal(signal: Signal, attachmentId: string | null): boolean {
    const result = this.insertSignal.run({
      id: signal.id,
      attachmentId,
      strategy: signal.strategy,
      venue: signal.venue,
      symbol: signal.symbol,
      timeframe: signal.timeframe,
      time: signal.time,
      receivedAt: signal.receivedAt,
      direction: signal.direction,
      strength: signal.strength,
      price: signal.price,
      stop: signal.stop ?? null,
      target: signal.target ?? null,
      probability: signal.probability ?? null,
      rationale: signal.rationale,
      regime: signal.regime ?? null,
      modulation: signal.modulation ? JSON.stringify(signal.modulation) : null,
      suppressed: signal.suppressed ?? null,
    });
    return result.changes > 0;
  }

  /** The newest `limit` signals of a series in the range, returned oldest first. */
  signals(query: SignalQuery): Signal[] {
    const where = ['venue = @venue', 'symbol = @symbol', 'timeframe = @timeframe', 'time >= @from', 'time <= @to'];
    if (query.strategy !== undefined) where.push('strategy = @strategy');
    if (query.attachmentId !== undefined) where.push('attachment_id = @attachmentId');
    const rows = this.db
      .prepare(`SELECT * FROM signals WHERE ${where.join(' AND ')} ORDER BY time DESC, id DESC LIMIT @limit`)
      .all({
        ...query.series,
        strategy: query.strategy,
        attachmentId: query.attachmentId,
        from: query.from ?? 0,
        to: query.to ?? Number.MAX_SAFE_INTEGER,
        limit: query.limit,
      }) as SignalRow[];
    return rows.reverse().map(toSignal);
  }

  lastSignal(attachmentId: string): Signal | undefined {
    const row = this.db.prepare('SELECT * FROM signals WHERE attachment_id = ? ORDER BY time DESC, id DESC LIMIT 1').get(attachmentId) as SignalRow | undefined;
    return row ? toSignal(row) : undefined;
  }

  attachments(): AttachmentRecord[] {
    const rows = this.db.prepare('SELECT * FROM strategy_attachments ORDER BY created_at, id').all() as AttachmentRow[];
    return rows.map((r) => ({
      id: r.id,
      strategy: r.strategy,
      series: { venue: r.venue, symbol: r.symbol, timeframe: r.timeframe },
      params: JSON.parse(r.params) as StrategyParams,
      anchor: r.anchor,
      createdAt: r.created_at,
    }));
  }

  saveAttachment(record: AttachmentRecord): void {
    this.db
      .prepare(`INSERT INTO strategy_attachments (id, strategy, venue, symbol, timeframe, params, anchor, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET params = excluded.params, anchor = excluded.anchor`)
      .run(record.id, record.strategy, record.series.venue, record.series.symbol, record.series.timeframe, JSON.stringify(record.params), record.anchor, record.createdAt);
  }

  setAnchor(id: string, anchor: number): void {
    this.db.prepare('UPDATE strategy_attachments SET anchor = ? WHERE id = ?').run(anchor, id);
  }

  deleteAttachment(id: string): boolean {
    return this.db.prepare('DELETE FROM strategy_attachments WHERE id = ?').run(id).changes > 0;
  }
}

function toSignal(r: SignalRow): Signal {
  return {
    id: r.id,
    strategy: r.strategy,
    venue: r.venue,
    symbol: r.symbol,
    timeframe: r.timeframe,
    time: r.time,
    receivedAt: r.received_at,
    direction: r.direction,
    strength: r.strength,
    price: r.price,
    ...(r.stop === null ? {} : { stop: r.stop }),
    ...(r.target === null ? {} : { target: r.target }),
    ...(r.probability === null ? {} : { probability: r.probability }),
    rationale: r.rationale,
    ...(r.regime === null ? {} : { regime: r.regime }),
    ...(r.modulation === null ? {} : { modulation: JSON.parse(r.modulation) as RegimeModulation }),
    ...(r.suppressed === null ? {} : { suppressed: r.suppressed }),
  };
}
