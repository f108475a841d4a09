import { errorMessage, StoreError } from '../core/errors';
import type { Units } from '../core/money';
import type { PaperAccountStore, PaperResetArchive } from '../adapters/sim/paper-account-store';
import type { SimExecutionClient } from '../adapters/sim/sim-execution-client';
import type { Actor } from './execution-views';
import type { ExecutionEngine } from './execution-engine';
import type { OrderJournal } from './order-journal';
import { openPaperVenue, paperSummary, type PaperVenueConfig } from './paper-venue';
import type { TradingAccount } from './trading-account';

export type PaperResetRequest = {
  readonly initialCash: Units;
  readonly actor: Actor;
  readonly journal: OrderJournal;
  readonly log: (message: string, error?: unknown) => void;
  /** The market venue whose prices drive a symbol on paper. */
  readonly marketOf: (symbol: string) => string | undefined;
  /** Where the account lives; without one the fresh account is in memory only. */
  readonly store?: PaperAccountStore;
};

export type PaperResetOutcome = {
  readonly at: number;
  /** The old account as it ended. */
  readonly summary: ReturnType<typeof paperSummary>;
  readonly previousInitialCash: Units;
  readonly ordersCancelled: number;
  readonly archive: PaperResetArchive | undefined;
};

/**
 * The paper side of trading: the sim venue, the account read from it and the engine that trades it,
 * opened together and, for a paper reset, closed and opened again together.
 */
export class PaperTrading {
  private venue: { client: SimExecutionClient; account: TradingAccount; engine: ExecutionEngine };

  constructor(
    private readonly config: PaperVenueConfig,
    initialCash: Units,
    /** The engine of a venue and account, wired to the service's events. */
    private readonly engineFor: (client: SimExecutionClient, account: TradingAccount) => ExecutionEngine,
  ) {
    this.venue = this.open(initialCash);
  }

  get client(): SimExecutionClient {
    return this.venue.client;
  }

  get account(): TradingAccount {
    return this.venue.account;
  }

  get engine(): ExecutionEngine {
    return this.venue.engine;
  }

  /** Some order is on its way to the paper venue, or journaled but not yet answered. */
  sending(journal: OrderJournal): boolean {
    return this.engine.sending() || journal.liveOrders(this.client.venue).some((o) => o.status === 'pending' || o.status === 'submitted');
  }

  /** Every order still live on the paper venue, cancelled; how many were. */
  private async cancelAll(journal: OrderJournal, log: (message: string, error?: unknown) => void): Promise<number> {
    let cancelled = 0;
    for (const order of journal.liveOrders(this.client.venue)) {
      // One that will not cancel stays live on the venue, and the store then refuses the reset, keeping the account.
      try {
        await this.engine.cancel(order.clientOrderId);
        cancelled++;
      } catch (error) {
        log(`cancelling ${order.clientOrderId} for a paper reset failed`, error);
      }
    }
    // Whatever the venue itself still holds beyond the journal's live orders (a stop or target attached to an
    // entry and not yet journaled) is cancelled there; the engine journals the cancellation it reports.
    for (const order of await this.client.fetchOpenOrders()) {
      await this.client.cancel(order.symbol, order.clientOrderId);
      cancelled++;
    }
    return cancelled;
  }

  /**
   * Starts the account afresh: its live orders cancelled, the venue closed, the store's account archived
   * and rewritten with `initialCash` (one transaction), then the venue opened again from it. A store that
   * refuses leaves the old account, which then comes back as it was. The caller checks that nothing is on
   * its way to the venue and expires the proposals first.
   */
  async reset(request: PaperResetRequest): Promise<PaperResetOutcome> {
    const ordersCancelled = await this.cancelAll(request.journal, request.log);
    const summary = paperSummary(this.client);
    const previousInitialCash = this.client.initialCash;
    const at = this.config.clock.now();
    this.engine.stop();
    await this.client.close();
    let archive: PaperResetArchive | undefined;
    try {
      archive = request.store?.reset(this.client.venue, {
        at,
        actor: JSON.stringify(request.actor),
        previousEquity: summary.equity,
        previousRealizedPnl: summary.realizedPnl,
        positionsClosed: summary.positions,
        ordersCancelled,
        initialCash: request.initialCash,
      });
    } catch (error) {
      throw new StoreError(
        `the paper account was not reset and is kept as it was${ordersCancelled > 0 ? ` (its ${ordersCancelled} resting order(s) were cancelled)` : ''}: ${errorMessage(error)}`,
        { cause: error },
      );
    } finally {
      await this.reopen(request.initialCash, request.marketOf);
    }
    return { at, summary, previousInitialCash, ordersCancelled, archive };
  }

  /** Opens the venue again from its store and starts its engine; an account kept in memory opens with `initialCash`. */
  private async reopen(initialCash: Units, marketOf: (symbol: string) => string | undefined): Promise<void> {
    const previous = this.client;
    this.venue = this.open(initialCash);
    // A stored account lists its symbols again by itself; one in memory learns them from the old venue.
    for (const instrument of previous.matcher.instruments()) this.client.addInstrument(instrument, marketOf(instrument.symbol));
    await this.engine.start();
  }

  private open(initialCash: Units): { client: SimExecutionClient; account: TradingAccount; engine: ExecutionEngine } {
    const { client, account } = openPaperVenue(this.config, initialCash);
    return { client, account, engine: this.engineFor(client, account) };
  }
}
