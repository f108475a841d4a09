import { z } from 'zod';
import type { PaperResetView, StrategySizingView, TradingMode, TradingModeView, TradingSizingView } from '../../execution/execution-views';
import type { SizingConfig } from '../../risk/sizing-types';
import type { Decider } from '../../model/proposal';
import { defineHandler } from '../define-handler';
import { regimeMultipliersInput, sizingModeInput, strategyNameInput, traderFrom } from './trading-schemas';

/** What the trading API needs: the mode (paper by default, live only with the confirmation) and automation. */
export type TradingPort = {
  mode(): TradingModeView | Promise<TradingModeView>;
  /** Live needs `confirm` to be exactly LIVE_CONFIRMATION; paper needs nothing. */
  setMode(mode: TradingMode, confirm: string | undefined, by: Decider): Promise<TradingModeView>;
  setAutomation(strategy: string, enabled: boolean, by: Decider): TradingModeView;
  /** The default sizing and each strategy's own (or only `strategy`'s). */
  sizing(strategy?: string): TradingSizingView;
  /** Sizes the strategy's next proposals; audited. */
  setSizing(strategy: string, config: SizingConfig, by: Decider): StrategySizingView;
  /** Starts the paper account afresh with `balance` (the configured starting cash by default); refused in live mode. */
  resetPaper(balance: number | undefined, by: Decider): Promise<PaperResetView>;
};

/** A paper account's starting cash: whole cents, at least 1 and at most a billion of the settlement currency. */
export const PAPER_BALANCE_MAX = 1_000_000_000;
export const paperBalanceInput = z
  .number()
  .finite()
  .min(1, 'the starting balance must be at least 1')
  .max(PAPER_BALANCE_MAX, `the starting balance must be at most ${PAPER_BALANCE_MAX.toLocaleString('en-US')}`)
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'the starting balance has at most two decimals');

export function createTradingHandlers(port: TradingPort) {
  return {
    'trading.mode': defineHandler(z.object({}).strict(), () => port.mode()),
    'trading.setMode': defineHandler(
      z.object({ mode: z.enum(['paper', 'live']), confirm: z.string().max(200).optional() }).strict(),
      ({ mode, confirm }, context) => port.setMode(mode, confirm, traderFrom(context)),
    ),
    'trading.setAutomation': defineHandler(z.object({ strategy: strategyNameInput, enabled: z.boolean() }).strict(), ({ strategy, enabled }, context) =>
      port.setAutomation(strategy, enabled, traderFrom(context)),
    ),
    'trading.resetPaper': defineHandler(z.object({ balance: paperBalanceInput.optional() }).strict(), ({ balance }, context) => port.resetPaper(balance, traderFrom(context))),
    'trading.sizing': defineHandler(z.object({ strategy: strategyNameInput.optional() }).strict(), ({ strategy }) => port.sizing(strategy)),
    'trading.setSizing': defineHandler(
      z
        .object({
          strategy: strategyNameInput,
          sizing: sizingModeInput,
          regimeMultipliers: regimeMultipliersInput.optional(),
          maxLeverage: z.number().finite().positive().max(100).optional(),
        })
        .strict(),
      ({ strategy, sizing, regimeMultipliers, maxLeverage }, context) =>
        port.setSizing(strategy, { sizing, ...(regimeMultipliers ? { regimeMultipliers } : {}), ...(maxLeverage !== undefined ? { maxLeverage } : {}) }, traderFrom(context)),
    ),
  };
}

export type TradingHandlers = ReturnType<typeof createTradingHandlers>;
