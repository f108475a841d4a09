import { z } from 'zod';
import type { TradingMode, TradingModeView } from '../../execution/execution-views';
import type { Decider } from '../../model/proposal';
import { defineHandler } from '../define-handler';
import { strategyNameInput, traderFrom } from './trading-schemas';

/** What the trading API needs: the mode (paper by default, live only with the confirmation) and automation. */
export type TradingPort = {
  mode(): TradingModeView;
  /** Live needs `confirm` to be exactly LIVE_CONFIRMATION; paper needs nothing. */
  setMode(mode: TradingMode, confirm: string | undefined, by: Decider): Promise<TradingModeView>;
  setAutomation(strategy: string, enabled: boolean, by: Decider): TradingModeView;
};

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
  };
}

export type TradingHandlers = ReturnType<typeof createTradingHandlers>;
