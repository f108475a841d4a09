import { z } from 'zod';
import { TIMEFRAMES } from '../model/timeframe';

/** Schemas shared by several domains' handlers. */
export const seriesKeySchema = z.object({
  venue: z.string().min(1).max(32).regex(/^[a-z0-9_-]+$/, 'venue is lower-case letters, digits, - or _'),
  symbol: z.string().min(1).max(64).regex(/^[A-Za-z0-9/:_\-.]+$/, 'symbol has characters a symbol cannot have'),
  timeframe: z.enum(TIMEFRAMES),
});

const price = z.number().finite().nonnegative();

export const candleSchema = z
  .object({
    openTime: z.number().int().nonnegative(),
    open: price,
    high: price,
    low: price,
    close: price,
    volume: price,
  })
  .strict();
