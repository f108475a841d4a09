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
};

export class InstrumentRepository {
  constructor(private readonly db: Database.Database) {}

  upsertMany(instruments: readonly Instrument[], now: number = Date.now()): void {
    const statement = this.db.prepare(`INSERT INTO instruments
      (venue, symbol, base, quote, kind, tick_size, lot_step, min_notional, price_scale, quantity_scale, updated_at)
      VALUES (@venue, @symbol, @base, @quote, @kind, @tickSize, @lotStep, @minNotional, @priceScale, @quantityScale, @now)
      ON CONFLICT (venue, symbol) DO UPDATE SET base = excluded.base, quote = excluded.quote, kind = excluded.kind,
        tick_size = excluded.tick_size, lot_step = excluded.lot_step, min_notional = excluded.min_notional,
        price_scale = excluded.price_scale, quantity_scale = excluded.quantity_scale, updated_at = excluded.updated_at`);
    this.db.transaction(() => {
      for (const instrument of instruments) statement.run({ ...instrument, now });
    })();
  }

  get(venue: string, symbol: string): Instrument | undefined {
    const row = this.db.prepare('SELECT * FROM instruments WHERE venue = ? AND symbol = ?').get(venue, symbol) as
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
  };
}
