import { z } from 'zod';
import type { Decider } from '../../model/proposal';
import type { RegimeSizeMultipliers, SizingMode } from '../../risk/sizing-types';
import type { CallContext } from '../define-handler';

/**
 * Schemas shared by the trading handlers (approvals, orders, portfolio, risk, trading).
 * Prices and quantities arrive as decimal strings (exact) or finite numbers (from a form field); the
 * engine converts them once to the instrument's integer units and refuses more decimals than it has.
 */
export const decimalInput = z.union([
  z.string().trim().regex(/^\d+(\.\d+)?$/, 'a positive decimal number such as "0.015"').max(40),
  z.number().finite().positive(),
]);

export const strategyNameInput = z.string().min(1).max(64).regex(/^[a-z][a-z0-9-]*$/, 'strategy names are lower-case words joined by dashes');

export const idInput = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, - or _');

export const limitInput = (max: number, fallback: number) => z.number().int().positive().max(max).default(fallback);

/** The trader behind a call: from a window (either transport; a paired device by its name) or in-process from the CLI. */
export function traderFrom(context: CallContext): Decider {
  return { kind: 'trader', via: context.transport === 'in-process' ? 'cli' : 'ui', ...(context.deviceName ? { device: context.deviceName } : {}) };
}

const fraction = z.number().finite().positive().max(1);

/** A sizing mode of engine/risk/sizing-types.ts, checked field by field (fractions of equity in (0, 1]). */
export const sizingModeInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fixed-quantity'), quantity: z.number().finite().positive() }).strict(),
  z.object({ mode: z.literal('equity-fraction'), fraction }).strict(),
  z.object({ mode: z.literal('all-equity') }).strict(),
  z.object({ mode: z.literal('risk-per-trade'), riskFraction: fraction }).strict(),
  z.object({ mode: z.literal('volatility-target'), riskFraction: fraction, atrMultiple: z.number().finite().positive().max(100) }).strict(),
  z.object({ mode: z.literal('kelly'), kellyFraction: fraction, maxFraction: fraction }).strict(),
]) satisfies z.ZodType<SizingMode>;

const multiplier = z.number().finite().min(0).max(10);

/** Size multipliers by regime; all four regimes, as the sizing reads them. */
export const regimeMultipliersInput = z.object({ 'trend-up': multiplier, 'trend-down': multiplier, range: multiplier, stress: multiplier }).strict() satisfies z.ZodType<RegimeSizeMultipliers>;
