import type Database from 'better-sqlite3';
import type { Trade } from '../../model/market';

const BLOCK = 64;
const COLUMNS = '(venue, symbol, trade_id, time, price, amount, side, received_at)';

export type StoredTrade = Trade & { readonly receivedAt: number };

/** Public trades, written in blocks inside one transaction; a trade id seen again is ignored. */
export class TradeRepository {
  private readonly insertOne: Database.Statement;
  private readonly insertBlock: Database.Statement;

  constructor(private readonly db: Database.Database) {
    const values = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    this.insertOne = db.prepare(`INSERT OR IGNORE INTO trades ${COLUMNS} VALUES ${values(1)}`);
    this.insertBlock = db.prepare(`INSERT OR IGNORE INTO trades ${COLUMNS} VALUES ${values(BLOCK)}`);
  }

  insertMany(venue: string, symbol: string, trades: readonly StoredTrade[]): void {
    this.db.transaction(() => {
      let i = 0;
      for (; i + BLOCK <= trades.length; i += BLOCK) {
        const args: unknown[] = [];
        for (let j = i; j < i + BLOCK; j++) args.push(...row(venue, symbol, trades[j]!));
        this.insertBlock.run(args);
      }
      for (; i < trades.length; i++) this.insertOne.run(row(venue, symbol, trades[i]!));
    })();
  }

  recent(venue: string, symbol: string, limit: number): StoredTrade[] {
    const rows = this.db
      .prepare('SELECT trade_id, time, price, amount, side, received_at FROM trades WHERE venue = ? AND symbol = ? ORDER BY time DESC LIMIT ?')
      .all(venue, symbol, limit) as { trade_id: string; time: number; price: number; amount: number; side: Trade['side']; received_at: number }[];
    return rows.map((r) => ({ id: r.trade_id, time: r.time, price: r.price, amount: r.amount, side: r.side, receivedAt: r.received_at }));
  }

  count(venue: string, symbol: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM trades WHERE venue = ? AND symbol = ?').get(venue, symbol) as { n: number }).n;
  }
}

function row(venue: string, symbol: string, t: StoredTrade): unknown[] {
  return [venue, symbol, t.id, t.time, t.price, t.amount, t.side, t.receivedAt];
}
