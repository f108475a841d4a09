import type Database from 'better-sqlite3';
import type { Instrument } from '../../model/instrument';

type InstrumentRow = {
  venue: string;
  symbol: string;
  base: string;
  quote: string;
  kind: Instrument['kind'];
  tick_size: number;
  lot_step: number;
  min_notional: number;
  price_scale: number;
  quantity_scale: number;
  contract: Instrument['contract'];
  min_quantity: number;
  active: number;
};

export class InstrumentRepository {
  private readonly upsert: Database.Statement;
  /** Prepared once: order sizing and backtest context ask for an instrument many times. */
  private readonly byKey: Database.Statement<[string, string]>;

  constructor(private readonly db: Database.Database) {
    this.byKey = db.prepare('SELECT * FROM instruments WHERE venue = ? AND symbol = ?');
    this.upsert = db.prepare(`INSERT INTO instruments
      (venue, symbol, base, quote, kind, tick_size, lot_step, min_notional, price_scale, quantity_scale, contract, min_quantity, active, updated_at)
      VALUES (@venue, @symbol, @base, @quote, @kind, @tickSize, @lotStep, @minNotional, @priceScale, @quantityScale, @contract, @minQuantity, @active, @now)
      ON CONFLICT (venue, symbol) DO UPDATE SET base = excluded.base, quote = excluded.quote, kind = excluded.kind,
        tick_size = excluded.tick_size, lot_step = excluded.lot_step, min_notional = excluded.min_notional,
        price_scale = excluded.price_scale, quantity_scale = excluded.quantity_scale, contract = excluded.contract,
        min_quantity = excluded.min_quantity, active = excluded.active, updated_at = excluded.updated_at`);
  }

  upsertMany(instruments: readonly Instrument[], now: number = Date.now()): void {
    this.db.transaction(() => {
      for (const instrument of instruments) this.upsert.run({ ...instrument, active: instrument.active ? 1 : 0, now });
    })();
  }

  get(venue: string, symbol: string): Instrument | undefined {
    const row = this.byKey.get(venue, symbol) as
      | InstrumentRow
      | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(venue?: string): Instrument[] {
    const rows = (
      venue === undefined
        ? this.db.prepare('SELECT * FROM instruments ORDER BY venue, symbol').all()
        : this.db.prepare('SELECT * FROM instruments WHERE venue = ? ORDER BY symbol').all(venue)
    ) as InstrumentRow[];
    return rows.map(fromRow);
  }

  /**
   * Instruments whose symbol or base asset matches `query` (case-insensitive), exact base matches first,
   * then symbols that start with the query, then the rest; active ones before delisted ones.
   */
  search(query: string, options: { venue?: string; limit: number }): Instrument[] {
    const text = query.trim().toUpperCase();
    const like = `%${text.replaceAll('%', '').replaceAll('_', '')}%`;
    const rows = this.db
      .prepare(
        `SELECT * FROM instruments
         WHERE (@venue IS NULL OR venue = @venue) AND (upper(symbol) LIKE @like OR upper(base) LIKE @like)
         ORDER BY active DESC, (upper(base) = @text) DESC, (upper(symbol) LIKE @prefix) DESC, kind, symbol
         LIMIT @limit`,
      )
      .all({ venue: options.venue ?? null, like, text, prefix: `${text}%`, limit: options.limit }) as InstrumentRow[];
    return rows.map(fromRow);
  }

  count(venue: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM instruments WHERE venue = ?').get(venue) as { n: number }).n;
  }
}

function fromRow(row: InstrumentRow): Instrument {
  return {
    venue: row.venue,
    symbol: row.symbol,
    base: row.base,
    quote: row.quote,
    kind: row.kind,
    tickSize: row.tick_size,
    lotStep: row.lot_step,
    minNotional: row.min_notional,
    priceScale: row.price_scale,
    quantityScale: row.quantity_scale,
    contract: row.contract,
    minQuantity: row.min_quantity,
    active: row.active === 1,
  };
}
