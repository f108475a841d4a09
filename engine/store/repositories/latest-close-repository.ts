import type Database from 'better-sqlite3';

export type LatestClose = { readonly price: number; readonly openTime: number; readonly venue: string; readonly symbol: string };

/** Symbol spellings of an asset against a dollar quote across venues (ccxt's `BTC/USDT`, raw `BTCUSDT`). */
function symbolsFor(asset: string): string[] {
  return ['USDT', 'USDC', 'USD'].flatMap((quote) => [`${asset}/${quote}`, `${asset}${quote}`, `${asset}-${quote}`, `${asset}/${quote}:${quote}`]);
}

/** The newest stored candle close of an asset against a dollar stablecoin, on any venue and timeframe. */
export class LatestCloseRepository {
  private readonly latest: Database.Statement;

  constructor(db: Database.Database) {
    const placeholders = symbolsFor('X').map(() => '?').join(', ');
    // Per series the newest candle is one b-tree step (clustered on series, open time); then the newest of those.
    this.latest = db.prepare(`SELECT s.venue, s.symbol,
        (SELECT open_time FROM candles c WHERE c.series_id = s.id ORDER BY open_time DESC LIMIT 1) AS open_time,
        (SELECT close FROM candles c WHERE c.series_id = s.id ORDER BY open_time DESC LIMIT 1) AS close
      FROM candle_series s WHERE s.symbol IN (${placeholders})
      ORDER BY open_time DESC LIMIT 1`);
  }

  latestClose(asset: string): LatestClose | null {
    const row = this.latest.get(...symbolsFor(asset.toUpperCase())) as
      | { venue: string; symbol: string; open_time: number | null; close: number | null }
      | undefined;
    if (!row || row.open_time === null || row.close === null) return null;
    return { price: row.close, openTime: row.open_time, venue: row.venue, symbol: row.symbol };
  }
}
