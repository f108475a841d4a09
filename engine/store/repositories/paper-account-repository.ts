import type Database from 'better-sqlite3';
import { errorMessage, StoreError } from '../../core/errors';
import type { PaperAccountChanges, PaperAccountState, PaperAccountStore, PaperFunding, PaperInstrumentRecord, PaperReset, PaperResetArchive } from '../../adapters/sim/paper-account-store';
import type { SimOrderRecord } from '../../adapters/sim/sim-order';
import { fillRow, fromFillRow, type FillRow } from '../../execution/sqlite-journal';
import type { Instrument } from '../../model/instrument';

type AccountRow = { asset: string; initial_cash: string };
type InstrumentRow = { market_venue: string; instrument: string; last_price: number | null };
type FundingRow = { symbol: string; time: number; payment: string };

/** Orders that can no longer trade are kept this long (reconciliation looks them up after a restart), then dropped. */
const CLOSED_ORDER_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** Integer units (bigint) travel as `{"$units": "123"}` inside an order record's JSON. */
const encode = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? { $units: value.toString() } : value);
const decode = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && '$units' in value && typeof (value as { $units: unknown }).$units === 'string' ? BigInt((value as { $units: string }).$units) : value;

/** The paper venue's state in SQLite (migration 1764691200000_paper_account.sql): one transaction per matching step. */
export class PaperAccountRepository implements PaperAccountStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      account: db.prepare('SELECT asset, initial_cash FROM paper_accounts WHERE venue = ?'),
      createAccount: db.prepare('INSERT OR IGNORE INTO paper_accounts (venue, asset, initial_cash, created_at) VALUES (?, ?, ?, ?)'),
      instruments: db.prepare('SELECT market_venue, instrument, last_price FROM paper_instruments WHERE venue = ? ORDER BY rowid'),
      addInstrument: db.prepare('INSERT OR IGNORE INTO paper_instruments (venue, symbol, market_venue, instrument, last_price) VALUES (?, ?, ?, ?, ?)'),
      lastPrice: db.prepare('UPDATE paper_instruments SET last_price = ? WHERE venue = ? AND symbol = ?'),
      orders: db.prepare('SELECT record FROM paper_orders WHERE venue = ? ORDER BY rowid'),
      pruneOrders: db.prepare('DELETE FROM paper_orders WHERE venue = ? AND live = 0 AND updated_at < ?'),
      upsertOrder: db.prepare(`INSERT INTO paper_orders (venue, client_order_id, symbol, live, record, updated_at) VALUES (@venue, @id, @symbol, @live, @record, @updated_at)
        ON CONFLICT (venue, client_order_id) DO UPDATE SET live = excluded.live, record = excluded.record, updated_at = excluded.updated_at`),
      fills: db.prepare('SELECT * FROM paper_fills WHERE venue = ? ORDER BY seq'),
      nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM paper_fills WHERE venue = ?'),
      insertFill: db.prepare(`INSERT OR IGNORE INTO paper_fills (venue, id, seq, client_order_id, venue_order_id, symbol, side, quantity, price, fee, liquidity, time, received_at)
        VALUES (@venue, @id, @seq, @client_order_id, @venue_order_id, @symbol, @side, @quantity, @price, @fee, @liquidity, @time, @received_at)`),
      funding: db.prepare('SELECT symbol, time, payment FROM paper_funding WHERE venue = ? ORDER BY id'),
      insertFunding: db.prepare('INSERT INTO paper_funding (venue, symbol, time, payment) VALUES (?, ?, ?, ?)'),
      liveOrders: db.prepare('SELECT COUNT(*) AS n FROM paper_orders WHERE venue = ? AND live = 1'),
      insertReset: db.prepare(`INSERT INTO paper_resets (venue, at, actor, asset, previous_initial_cash, previous_equity, previous_realized_pnl, positions_closed, orders_cancelled, initial_cash)
        VALUES (@venue, @at, @actor, @asset, @previous_initial_cash, @previous_equity, @previous_realized_pnl, @positions_closed, @orders_cancelled, @initial_cash)`),
      archiveFills: db.prepare(`INSERT INTO paper_fills_archive (reset_id, venue, id, seq, client_order_id, venue_order_id, symbol, side, quantity, price, fee, liquidity, time, received_at)
        SELECT ?, venue, id, seq, client_order_id, venue_order_id, symbol, side, quantity, price, fee, liquidity, time, received_at FROM paper_fills WHERE venue = ?`),
      archiveFunding: db.prepare('INSERT INTO paper_funding_archive (reset_id, venue, symbol, time, payment) SELECT ?, venue, symbol, time, payment FROM paper_funding WHERE venue = ? ORDER BY id'),
      archiveDaily: db.prepare(`INSERT INTO paper_equity_archive (reset_id, venue, kind, time, equity, realized_pnl, unrealized_pnl)
        SELECT ?, venue, 'daily', time, equity, realized_pnl, unrealized_pnl FROM equity_daily WHERE venue = ?`),
      archivePoints: db.prepare(`INSERT INTO paper_equity_archive (reset_id, venue, kind, time, equity, realized_pnl, unrealized_pnl)
        SELECT ?, venue, 'point', time, equity, realized_pnl, unrealized_pnl FROM equity_points WHERE venue = ?`),
      dropFills: db.prepare('DELETE FROM paper_fills WHERE venue = ?'),
      dropFunding: db.prepare('DELETE FROM paper_funding WHERE venue = ?'),
      dropOrders: db.prepare('DELETE FROM paper_orders WHERE venue = ?'),
      dropDaily: db.prepare('DELETE FROM equity_daily WHERE venue = ?'),
      dropPoints: db.prepare('DELETE FROM equity_points WHERE venue = ?'),
      restartAccount: db.prepare('UPDATE paper_accounts SET initial_cash = ?, created_at = ? WHERE venue = ?'),
    };
  }

  load(venue: string): PaperAccountState | undefined {
    const account = this.statements.account.get(venue) as AccountRow | undefined;
    if (!account) return undefined;
    try {
      const instruments = (this.statements.instruments.all(venue) as InstrumentRow[]).map(
        (row): PaperInstrumentRecord => ({ instrument: JSON.parse(row.instrument) as Instrument, marketVenue: row.market_venue, ...(row.last_price !== null ? { lastPrice: row.last_price } : {}) }),
      );
      const orders = (this.statements.orders.all(venue) as { record: string }[]).map((row) => JSON.parse(row.record, decode) as SimOrderRecord);
      const fills = (this.statements.fills.all(venue) as FillRow[]).map(fromFillRow);
      const funding = (this.statements.funding.all(venue) as FundingRow[]).map((row): PaperFunding => ({ symbol: row.symbol, time: row.time, payment: BigInt(row.payment) }));
      return { asset: account.asset, initialCash: BigInt(account.initial_cash), instruments, orders, fills, funding };
    } catch (error) {
      throw new StoreError(`the paper account of ${venue} could not be read back: ${errorMessage(error)}`, { cause: error });
    }
  }

  create(venue: string, asset: string, initialCash: bigint, at: number): void {
    this.statements.createAccount.run(venue, asset, initialCash.toString(), at);
  }

  addInstrument(venue: string, record: PaperInstrumentRecord): void {
    this.statements.addInstrument.run(venue, record.instrument.symbol, record.marketVenue, JSON.stringify(record.instrument), record.lastPrice ?? null);
  }

  save(venue: string, changes: PaperAccountChanges): void {
    this.db.transaction(() => {
      for (const record of changes.orders) {
        const { order } = record;
        this.statements.upsertOrder.run({ venue, id: order.clientOrderId, symbol: order.symbol, live: record.live ? 1 : 0, record: JSON.stringify(record, encode), updated_at: order.updatedAt });
      }
      let seq = (this.statements.nextSeq.get(venue) as { seq: number }).seq;
      for (const fill of changes.fills) this.statements.insertFill.run({ ...fillRow(fill), seq: seq++ });
      for (const f of changes.funding) this.statements.insertFunding.run(venue, f.symbol, f.time, f.payment.toString());
      for (const [symbol, price] of changes.lastPrices) if (Number.isFinite(price) && price > 0) this.statements.lastPrice.run(price, venue, symbol);
    })();
  }

  reset(venue: string, reset: PaperReset): PaperResetArchive {
    return this.db.transaction((): PaperResetArchive => {
      const account = this.statements.account.get(venue) as AccountRow | undefined;
      if (!account) throw new StoreError(`there is no paper account ${venue} to reset`);
      // Live orders would come back resting on the fresh account: the caller cancels them first.
      const live = (this.statements.liveOrders.get(venue) as { n: number }).n;
      if (live > 0) throw new StoreError(`the paper account ${venue} still has ${live} live order(s); cancel them before a reset`);
      const resetId = Number(
        this.statements.insertReset.run({
          venue,
          at: reset.at,
          actor: reset.actor,
          asset: account.asset,
          previous_initial_cash: account.initial_cash,
          previous_equity: reset.previousEquity.toString(),
          previous_realized_pnl: reset.previousRealizedPnl.toString(),
          positions_closed: reset.positionsClosed,
          orders_cancelled: reset.ordersCancelled,
          initial_cash: reset.initialCash.toString(),
        }).lastInsertRowid,
      );
      const fills = this.statements.archiveFills.run(resetId, venue).changes;
      const fundingPayments = this.statements.archiveFunding.run(resetId, venue).changes;
      const equityPoints = this.statements.archiveDaily.run(resetId, venue).changes + this.statements.archivePoints.run(resetId, venue).changes;
      for (const drop of [this.statements.dropFills, this.statements.dropFunding, this.statements.dropOrders, this.statements.dropDaily, this.statements.dropPoints]) drop.run(venue);
      this.statements.restartAccount.run(reset.initialCash.toString(), reset.at, venue);
      return { resetId, previousInitialCash: BigInt(account.initial_cash), fills, fundingPayments, equityPoints };
    })();
  }

  /** Drops orders that stopped trading long ago (fills stay: they are the account). */
  prune(venue: string, now: number): number {
    return this.statements.pruneOrders.run(venue, now - CLOSED_ORDER_RETENTION_MS).changes;
  }
}
