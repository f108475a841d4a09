import type { Units } from '../../core/money';
import type { Instrument } from '../../model/instrument';
import type { Fill } from '../../model/order';
import type { SimOrderRecord } from './sim-order';

/** A symbol the paper venue lists, the market venue whose prices drive it, and its last price seen. */
export type PaperInstrumentRecord = {
  readonly instrument: Instrument;
  readonly marketVenue: string;
  readonly lastPrice?: number;
};

/** A funding payment of the paper account: positive `payment` (MONEY_SCALE units) was paid by it. */
export type PaperFunding = { readonly symbol: string; readonly time: number; readonly payment: Units };

/** Everything a paper venue needs to come back as it was; positions and cash are replayed from fills and funding. */
export type PaperAccountState = {
  readonly asset: string;
  readonly initialCash: Units;
  readonly instruments: readonly PaperInstrumentRecord[];
  /** Every order it knows, in the order it first saw them. */
  readonly orders: readonly SimOrderRecord[];
  /** Executions in the order they happened. */
  readonly fills: readonly Fill[];
  readonly funding: readonly PaperFunding[];
};

/** What one matching step changed: written in one transaction, so a crash keeps the step whole or not at all. */
export type PaperAccountChanges = {
  readonly orders: readonly SimOrderRecord[];
  readonly fills: readonly Fill[];
  readonly funding: readonly PaperFunding[];
  readonly lastPrices: ReadonlyMap<string, number>;
};

/** A reset of a paper account: who asked, what the old account was worth, and the new starting cash (MONEY_SCALE units). */
export type PaperReset = {
  readonly at: number;
  /** The actor as the audit log names it (JSON). */
  readonly actor: string;
  readonly previousEquity: Units;
  readonly previousRealizedPnl: Units;
  readonly positionsClosed: number;
  readonly ordersCancelled: number;
  readonly initialCash: Units;
};

/** What a reset moved to the archive, under its id. */
export type PaperResetArchive = {
  readonly resetId: number;
  readonly previousInitialCash: Units;
  readonly fills: number;
  readonly fundingPayments: number;
  readonly equityPoints: number;
};

/** Where a paper venue keeps its state (SQLite in the engine: engine/store/repositories/paper-account-repository.ts). */
export type PaperAccountStore = {
  load(venue: string): PaperAccountState | undefined;
  create(venue: string, asset: string, initialCash: Units, at: number): void;
  addInstrument(venue: string, record: PaperInstrumentRecord): void;
  save(venue: string, changes: PaperAccountChanges): void;
  /**
   * Starts the account afresh with `reset.initialCash`, in one transaction: its fills, funding and equity
   * history move to the archive under the reset's id, its orders are dropped (none may still be live) and
   * the symbols it lists stay listed with their last prices.
   */
  reset(venue: string, reset: PaperReset): PaperResetArchive;
};
