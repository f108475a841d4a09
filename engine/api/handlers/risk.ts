import { z } from 'zod';
import type { RiskLimitsView, RiskView } from '../../execution/execution-views';
import type { Decider } from '../../model/proposal';
import { defineHandler } from '../define-handler';
import { traderFrom } from './trading-schemas';

/** What the risk API needs from the risk engine. */
export type RiskPort = {
  view(): RiskView;
  setLimits(limits: Partial<RiskLimitsView>, by: Decider): RiskView;
  /** The global kill switch: no new orders, open ones cancelled, until resumed. */
  kill(reason: string | undefined, by: Decider): Promise<RiskView>;
  resume(by: Decider): RiskView;
};

const money = z.number().finite().positive();
const fraction = z.number().finite().positive().max(1);

export const riskLimitsSchema = z
  .object({
    maxOrderNotional: money,
    maxPositionNotional: money,
    maxGrossExposure: money,
    maxNetExposure: money,
    maxConcentration: fraction,
    maxLeverage: z.number().finite().min(1).max(100),
    dailyLossLimit: money,
    maxOrdersPerMinute: z.number().int().min(1).max(10_000),
    stopOutCooldownCount: z.number().int().min(1).max(100),
    stopOutCooldownMinutes: z.number().int().min(0).max(7 * 24 * 60),
    reduceOnlyDrawdown: fraction,
    haltDrawdown: fraction,
  })
  .strict()
  .partial();

export function createRiskHandlers(port: RiskPort) {
  return {
    'risk.get': defineHandler(z.object({}).strict(), () => port.view()),
    /** Changes only the limits named; the others keep their values. */
    'risk.setLimits': defineHandler(
      z
        .object({ limits: riskLimitsSchema.refine((l) => Object.keys(l).length > 0, { message: 'name at least one limit' }) })
        .strict(),
      ({ limits }, context) => port.setLimits(limits, traderFrom(context)),
    ),
    'risk.kill': defineHandler(z.object({ reason: z.string().trim().max(500).optional() }).strict(), ({ reason }, context) => port.kill(reason || undefined, traderFrom(context))),
    'risk.resume': defineHandler(z.object({}).strict(), (_params, context) => port.resume(traderFrom(context))),
  };
}

export type RiskHandlers = ReturnType<typeof createRiskHandlers>;
