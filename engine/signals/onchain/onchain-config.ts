import { readFileSync } from 'node:fs';
import { getAddress } from 'ethers';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { DEFAULT_CHAINS, DEFAULT_THRESHOLD_USD } from './default-chains';
import type { ChainConfig, TokenConfig } from './onchain-types';

const rpcUrl = z
  .string()
  .url()
  .refine((url) => /^(https?|wss?):\/\//.test(url), 'RPC URLs must be http(s):// or ws(s)://');

const tokenSchema = z
  .object({
    symbol: z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'token symbols are letters and digits'),
    address: z.string().refine((a) => {
      try {
        getAddress(a);
        return true;
      } catch {
        return false;
      }
    }, 'not an address (or a wrong checksum)'),
    decimals: z.number().int().min(0).max(36),
    stablecoin: z.boolean().default(false),
    priceAsset: z.string().min(1).max(16).optional(),
    thresholdUsd: z.number().positive().default(DEFAULT_THRESHOLD_USD),
    minAmountUnpriced: z.number().positive().optional(),
  })
  .strict();

/** One chain as the trader configures it: a default chain's id with overrides, or a new chain in full. */
const chainSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'chain ids are lower-case letters, digits and dashes'),
    name: z.string().min(1).max(60).optional(),
    chainId: z.number().int().positive().optional(),
    rpcUrls: z.array(rpcUrl).max(10).optional(),
    confirmations: z.number().int().min(1).max(1_000).optional(),
    explorer: z.union([z.string().url(), z.literal('')]).optional(),
    tokens: z.array(tokenSchema).max(100).optional(),
    /** Thresholds per token symbol, applied over the chain's tokens. */
    thresholds: z.record(z.string(), z.number().positive()).optional(),
    native: z.boolean().optional(),
    maxBlockRange: z.number().int().min(1).max(100_000).optional(),
    pollIntervalMs: z.number().int().min(50).max(600_000).optional(),
    startBlock: z.union([z.literal('latest'), z.number().int().nonnegative()]).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const onchainSettingsSchema = z
  .object({
    chains: z.array(chainSchema).max(50).default([]),
    /** A JSON file of extra labels, same format as resources/labels/*.json. */
    labelsFile: z.string().min(1).optional(),
  })
  .strict();

export type OnchainSettings = z.output<typeof onchainSettingsSchema>;
export type OnchainSettingsInput = z.input<typeof onchainSettingsSchema>;
export type ChainSettings = z.output<typeof chainSchema>;

export const SETTINGS_KEY = 'onchain.settings';

/** A configured chain; `enabled` is false when it has no RPC URL or the trader switched it off. */
export type ResolvedChain = { readonly config: ChainConfig; readonly enabled: boolean; readonly reason: string | null };

function resolveTokens(settings: ChainSettings, defaults: readonly TokenConfig[]): TokenConfig[] {
  const tokens: TokenConfig[] = settings.tokens
    ? settings.tokens.map((t) => ({ ...t, priceAsset: t.priceAsset ?? (t.stablecoin ? 'USD' : t.symbol) }))
    : [...defaults];
  const thresholds = settings.thresholds ?? {};
  return tokens.map((t) => (thresholds[t.symbol] === undefined ? t : { ...t, thresholdUsd: thresholds[t.symbol] ?? t.thresholdUsd }));
}

/** Defaults overlaid with the trader's settings; chains only in the settings are added. */
export function resolveChains(settings: OnchainSettings): ResolvedChain[] {
  const byId = new Map(settings.chains.map((c) => [c.id, c]));
  const resolved: ResolvedChain[] = [];
  for (const base of DEFAULT_CHAINS) resolved.push(resolveOne(base, byId.get(base.id) ?? { id: base.id }));
  for (const chain of settings.chains) {
    if (DEFAULT_CHAINS.some((d) => d.id === chain.id)) continue;
    if (chain.chainId === undefined) throw new ValidationError(`chain "${chain.id}" is not a default chain, so it needs a chainId`);
    const base: ChainConfig = {
      id: chain.id,
      name: chain.name ?? chain.id,
      chainId: chain.chainId,
      rpcUrls: [],
      confirmations: 12,
      explorer: '',
      tokens: [],
      native: null,
      maxBlockRange: 2_000,
      pollIntervalMs: 4_000,
      startBlock: 'latest',
    };
    resolved.push(resolveOne(base, chain));
  }
  return resolved;
}

function resolveOne(base: ChainConfig, s: ChainSettings): ResolvedChain {
  const native = s.native === false ? null : s.native === true ? (base.native ?? { symbol: 'ETH', address: null, decimals: 18, stablecoin: false, priceAsset: 'ETH', thresholdUsd: DEFAULT_THRESHOLD_USD, minAmountUnpriced: 300 }) : base.native;
  const config: ChainConfig = {
    ...base,
    name: s.name ?? base.name,
    chainId: s.chainId ?? base.chainId,
    rpcUrls: s.rpcUrls ?? base.rpcUrls,
    confirmations: s.confirmations ?? base.confirmations,
    explorer: s.explorer ?? base.explorer,
    tokens: resolveTokens(s, base.tokens),
    native: native && s.thresholds?.[native.symbol] !== undefined ? { ...native, thresholdUsd: s.thresholds[native.symbol] ?? native.thresholdUsd } : native,
    maxBlockRange: s.maxBlockRange ?? base.maxBlockRange,
    pollIntervalMs: s.pollIntervalMs ?? base.pollIntervalMs,
    startBlock: s.startBlock ?? base.startBlock,
  };
  if (s.enabled === false) return { config, enabled: false, reason: 'switched off in the settings' };
  if (config.rpcUrls.length === 0) return { config, enabled: false, reason: 'no RPC URL configured' };
  return { config, enabled: true, reason: null };
}

/** Parses settings from the API, the settings store or a file; the error names the field that is wrong. */
export function parseOnchainSettings(value: unknown, origin: string): OnchainSettings {
  const parsed = onchainSettingsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`${origin}: ${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  resolveChains(parsed.data);
  return parsed.data;
}

export function readOnchainSettingsFile(path: string): OnchainSettings {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`on-chain settings file ${path} cannot be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseOnchainSettings(json, path);
}
