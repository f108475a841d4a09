import { z } from 'zod';
import { labelSchema } from '../../signals/onchain/labels';
import { onchainSettingsSchema } from '../../signals/onchain/onchain-config';
import type { OnchainService } from '../../signals/onchain/onchain-service';
import { defineHandler } from '../define-handler';

const DAY_MS = 86_400_000;
const chainKey = z.string().min(1).max(40);
const symbol = z.string().min(1).max(16);

export type OnchainDeps = { readonly onchain: OnchainService; readonly now: () => number };

export function createOnchainHandlers(deps: OnchainDeps) {
  return {
    /** Every configured chain: live, polling, disabled (and why) or failing (and why). */
    'onchain.status': defineHandler(z.object({}).strict(), () => deps.onchain.statuses()),

    /** The whale feed, newest first; `whalesOnly: false` adds the smaller exchange transfers behind the flows. */
    'onchain.transfers': defineHandler(
      z
        .object({
          whalesOnly: z.boolean().default(true),
          chain: chainKey.optional(),
          token: symbol.optional(),
          includeRetracted: z.boolean().default(false),
          before: z.number().int().nonnegative().optional(),
          limit: z.number().int().positive().max(1_000).default(200),
        })
        .strict(),
      (query) => deps.onchain.transfers(query),
    ),

    /** Hourly exchange flow buckets (by block time); the last day unless told otherwise. */
    'onchain.flows': defineHandler(
      z
        .object({
          chain: chainKey.optional(),
          token: symbol.optional(),
          exchange: z.string().min(1).max(60).optional(),
          from: z.number().int().nonnegative().optional(),
          to: z.number().int().nonnegative().optional(),
        })
        .strict(),
      ({ from, to, ...rest }) => {
        const end = to ?? deps.now() + 1;
        return deps.onchain.flows({ ...rest, from: from ?? end - DAY_MS, to: end });
      },
    ),

    /** Net exchange inflow per token and exchange over a window ending now: the features regime and strategies read. */
    'onchain.features': defineHandler(
      z.object({ windowMs: z.number().int().positive().max(30 * DAY_MS).default(4 * 3_600_000), token: symbol.optional() }).strict(),
      ({ windowMs, token }) => deps.onchain.features(windowMs, token),
    ),

    'onchain.settings': defineHandler(z.object({}).strict(), () => deps.onchain.currentSettings()),

    /** Replaces the on-chain settings (chains, RPC URLs, tokens, thresholds); watchers restart from their cursors. */
    'onchain.configure': defineHandler(onchainSettingsSchema, (settings) => deps.onchain.configure(settings)),

    'onchain.labels': defineHandler(z.object({}).strict(), () => deps.onchain.labels()),

    'onchain.addLabel': defineHandler(labelSchema.extend({ source: z.string().min(1).max(200).default('added by the trader') }), (label) =>
      deps.onchain.addLabel(label),
    ),

    'onchain.removeLabel': defineHandler(z.object({ chain: chainKey, address: z.string().min(3).max(64) }).strict(), ({ chain, address }) => {
      deps.onchain.removeLabel(chain, address);
      return { removed: true };
    }),
  };
}

export type OnchainHandlers = ReturnType<typeof createOnchainHandlers>;
