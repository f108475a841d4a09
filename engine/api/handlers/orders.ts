import { z } from 'zod';
import type { OrderStatus } from '../../model/order';
import type { FillView, OrderView } from '../../execution/execution-views';
import type { Decider } from '../../model/proposal';
import { defineHandler } from '../define-handler';
import { idInput, limitInput, traderFrom } from './trading-schemas';

/** `open` = every non-terminal status (pending, submitted, open, partially filled). */
export type OrderQuery = { readonly status?: OrderStatus | 'open'; readonly symbol?: string; readonly limit: number };
export type FillQuery = { readonly symbol?: string; readonly since?: number; readonly limit: number };

/** What the orders API needs from the execution engine. */
export type OrdersPort = {
  orders(query: OrderQuery): readonly OrderView[];
  fills(query: FillQuery): readonly FillView[];
  cancel(clientOrderId: string, by: Decider): Promise<OrderView>;
};

const ORDER_STATUSES = ['pending', 'submitted', 'open', 'partially-filled', 'filled', 'cancelled', 'rejected', 'expired'] as const satisfies readonly OrderStatus[];
const symbolInput = z.string().min(1).max(64).regex(/^[A-Za-z0-9/:_\-.]+$/, 'symbol has characters a symbol cannot have');

export function createOrdersHandlers(port: OrdersPort) {
  return {
    /** Orders newest first. */
    'orders.list': defineHandler(
      z.object({ status: z.enum([...ORDER_STATUSES, 'open']).optional(), symbol: symbolInput.optional(), limit: limitInput(2_000, 200) }).strict(),
      (query) => port.orders(query),
    ),
    /** Fills newest first. */
    'orders.fills': defineHandler(
      z.object({ symbol: symbolInput.optional(), since: z.number().int().nonnegative().optional(), limit: limitInput(5_000, 500) }).strict(),
      (query) => port.fills(query),
    ),
    'orders.cancel': defineHandler(z.object({ clientOrderId: idInput }).strict(), ({ clientOrderId }, context) => port.cancel(clientOrderId, traderFrom(context))),
  };
}

export type OrdersHandlers = ReturnType<typeof createOrdersHandlers>;
