import type { Clock } from '../core/clock';
import { formatUnits, type Units } from '../core/money';
import { MONEY_SCALE } from '../model/order';
import { SimExecutionClient } from '../adapters/sim/sim-execution-client';
import type { PaperAccountStore, PaperResetArchive } from '../adapters/sim/paper-account-store';
import { EquityHistory, type EquityHistoryStore } from './equity-history';
import type { PaperResetView, RiskState } from './execution-views';
import { portfolioAccount, type TradingAccount } from './trading-account';

export type PaperVenueConfig = {
  readonly clock: Clock;
  readonly takerFeeBps: number;
  readonly makerFeeBps: number;
  readonly store?: PaperAccountStore;
  readonly equityStore?: EquityHistoryStore;
};

/** The paper venue and the account the service reads from it. */
export type PaperVenue = { readonly client: SimExecutionClient; readonly account: TradingAccount };

/** Paper cash as the settlement currency's integer units; the largest balance a reset accepts is far below 2^53 cents. */
export function paperCashUnits(cash: number): Units {
  return BigInt(Math.round(cash * 10 ** MONEY_SCALE));
}

/**
 * Opens the paper venue: as the store left it, or a new account with `initialCash` (a store keeps the cash
 * of the account it holds; a reset has just rewritten it there).
 */
export function openPaperVenue(config: PaperVenueConfig, initialCash: Units): PaperVenue {
  const client = new SimExecutionClient({
    instruments: [],
    clock: config.clock,
    initialCash,
    config: { takerFeeBps: config.takerFeeBps, makerFeeBps: config.makerFeeBps },
    ...(config.store ? { store: config.store } : {}),
  });
  const account = portfolioAccount(client.portfolio, () => client.matcher.instruments(), new EquityHistory(client.venue, config.equityStore, config.clock.now()));
  return { client, account };
}

/** The old account as it ends: what the trader loses, for the reset's record and its answer. */
export function paperSummary(client: SimExecutionClient): { equity: Units; realizedPnl: Units; positions: number } {
  const { portfolio } = client;
  return {
    equity: portfolio.equityUnits(),
    realizedPnl: portfolio.realizedPnl() - portfolio.fees() - portfolio.funding(),
    positions: portfolio.positions().filter((p) => p.quantity !== 0n).length,
  };
}

export function paperResetView(input: {
  venue: string;
  currency: string;
  at: number;
  initialCash: Units;
  previousInitialCash: Units;
  summary: ReturnType<typeof paperSummary>;
  ordersCancelled: number;
  proposalsExpired: number;
  archive: PaperResetArchive | undefined;
  riskState: RiskState;
}): PaperResetView {
  const money = (units: Units): string => formatUnits(units, MONEY_SCALE);
  const { archive } = input;
  return {
    venue: input.venue,
    currency: input.currency,
    at: input.at,
    initialCash: money(input.initialCash),
    previousInitialCash: money(input.previousInitialCash),
    previousEquity: money(input.summary.equity),
    previousRealizedPnl: money(input.summary.realizedPnl),
    positionsClosed: input.summary.positions,
    ordersCancelled: input.ordersCancelled,
    proposalsExpired: input.proposalsExpired,
    ...(archive ? { archive: { resetId: archive.resetId, fills: archive.fills, fundingPayments: archive.fundingPayments, equityPoints: archive.equityPoints } } : {}),
    riskState: input.riskState,
  };
}
