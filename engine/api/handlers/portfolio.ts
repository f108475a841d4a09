import { z } from 'zod';
import type { EquityPointView, PortfolioView } from '../../execution/execution-views';
import { defineHandler } from '../define-handler';
import { limitInput } from './trading-schemas';

export type EquityQuery = { readonly from?: number; readonly to?: number; readonly limit: number };

/** What the portfolio API needs: the active mode's portfolio, marked to the latest prices. */
export type PortfolioPort = {
  snapshot(): PortfolioView;
  equityHistory(query: EquityQuery): readonly EquityPointView[];
};

export function createPortfolioHandlers(port: PortfolioPort) {
  return {
    'portfolio.get': defineHandler(z.object({}).strict(), () => port.snapshot()),
    /** Equity points oldest first. */
    'portfolio.equity': defineHandler(
      z
        .object({ from: z.number().int().nonnegative().optional(), to: z.number().int().nonnegative().optional(), limit: limitInput(20_000, 2_000) })
        .strict()
        .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: '"from" must not be after "to"' }),
      (query) => port.equityHistory(query),
    ),
  };
}

export type PortfolioHandlers = ReturnType<typeof createPortfolioHandlers>;
