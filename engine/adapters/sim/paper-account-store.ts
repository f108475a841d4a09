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

/** Where a paper venue keeps its state (SQLite in the engine: engine/store/repositories/paper-account-repository.ts). */
export type PaperAccountStore = {
  load(venue: string): PaperAccountState | undefined;
  create(venue: string, asset: string, initialCash: Units, at: number): void;
  addInstrument(venue: string, record: PaperInstrumentRecord): void;
  save(venue: string, changes: PaperAccountChanges): void;
};
