import { z } from 'zod';
import type { Decider } from '../../model/proposal';
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

/** The trader behind a call: from the window (either transport) or in-process from the CLI. */
export function traderFrom(context: CallContext): Decider {
  return { kind: 'trader', via: context.transport === 'in-process' ? 'cli' : 'ui' };
}
