import type { Units } from '../../core/money';
import type { Fill } from '../../model/order';
import { Portfolio } from '../../portfolio/portfolio';
import { SimMatcher, type SimMatcherOptions } from './sim-matcher';

export type SimVenueOptions = SimMatcherOptions & {
  /** Starting cash in MONEY_SCALE units. */
  readonly initialCash: Units;
  readonly leverage?: number;
  readonly asset?: string;
};

/**
 * A SimMatcher and the Portfolio its fills and funding payments feed, wired together. The portfolio
 * applies each fill before the caller's `onFill` runs, so a handler that reads the portfolio sees it applied.
 */
export function createSimVenue(options: SimVenueOptions): { readonly matcher: SimMatcher; readonly portfolio: Portfolio } {
  const venue = options.venue ?? 'sim';
  const portfolio = new Portfolio({
    instruments: options.instruments,
    initialCash: options.initialCash,
    venue,
    clock: options.clock,
    ...(options.leverage !== undefined ? { leverage: options.leverage } : {}),
    ...(options.asset !== undefined ? { asset: options.asset } : {}),
  });
  // The matcher ignores what applyFill returns: recordFill books the same without building a position view per fill.
  const accounting = { applyFill: (fill: Fill) => portfolio.recordFill(fill), applyFunding: (symbol: string, payment: Units, time: number) => portfolio.applyFunding(symbol, payment, time) };
  const matcher = new SimMatcher({ ...options, venue, accounting });
  return { matcher, portfolio };
}
