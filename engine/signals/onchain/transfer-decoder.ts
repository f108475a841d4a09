import { formatUnits, id } from 'ethers';
import { classifyTransfer, severityOf } from './classify';
import type { LabelBook } from './labels';
import type { ChainConfig, OnchainTransfer, TokenConfig } from './onchain-types';
import type { PriceBook } from './price-book';

/** keccak256("Transfer(address,address,uint256)"), the ERC-20 Transfer event's first topic. */
export const TRANSFER_TOPIC = id('Transfer(address,address,uint256)');

/** A log as eth_getLogs returns it (hex quantities). */
export type RawLog = {
  readonly address: string;
  readonly topics: readonly string[];
  readonly data: string;
  readonly blockNumber: string;
  readonly blockHash: string;
  readonly transactionHash: string;
  readonly logIndex: string;
  readonly removed?: boolean;
};

/** A plain value transfer found in a block's transactions. */
export type RawValueTransfer = { readonly hash: string; readonly from: string; readonly to: string | null; readonly value: string };

export type DecodeContext = {
  readonly chain: ChainConfig;
  readonly labels: LabelBook;
  readonly prices: PriceBook;
  readonly receivedAt: number;
  /** Status to store it with: final if it is already deep enough. */
  readonly statusFor: (blockNumber: number) => 'pending' | 'final';
};

export type Movement = {
  readonly token: TokenConfig;
  readonly txHash: string;
  readonly logIndex: number;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly blockTime: number;
  readonly from: string;
  readonly to: string;
  readonly raw: bigint;
};

/** An ERC-20 Transfer log of a followed token, or null for anything else (ERC-721 transfers have 4 topics). */
export function movementFromLog(log: RawLog, tokens: ReadonlyMap<string, TokenConfig>, blockTime: number): Movement | null {
  if (log.removed || log.topics.length !== 3 || log.topics[0] !== TRANSFER_TOPIC) return null;
  const token = tokens.get(log.address.toLowerCase());
  if (!token) return null;
  return {
    token,
    txHash: log.transactionHash,
    logIndex: Number(log.logIndex),
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash,
    blockTime,
    from: `0x${(log.topics[1] ?? '').slice(26)}`.toLowerCase(),
    to: `0x${(log.topics[2] ?? '').slice(26)}`.toLowerCase(),
    raw: log.data === '0x' ? 0n : BigInt(log.data),
  };
}

/**
 * Values, labels and classifies a movement. Returns null when it is worth keeping neither as a whale
 * transfer nor for exchange flows, so the store holds only what someone will look at.
 */
export function toTransfer(m: Movement, context: DecodeContext): OnchainTransfer | null {
  const { chain, labels } = context;
  const fromLabel = labels.lookup(chain.id, m.from);
  const toLabel = labels.lookup(chain.id, m.to);
  const amount = formatUnits(m.raw, m.token.decimals);
  const amountValue = Number(amount);
  const priceUsd = context.prices.priceOf(m.token);
  const valueUsd = priceUsd === null ? null : amountValue * priceUsd;
  const ratio =
    valueUsd !== null
      ? valueUsd / m.token.thresholdUsd
      : m.token.minAmountUnpriced !== undefined
        ? amountValue / m.token.minAmountUnpriced
        : null;
  const whale = ratio !== null && ratio >= 1;
  const touchesExchange = fromLabel?.kind === 'exchange' || toLabel?.kind === 'exchange';
  if (!whale && !touchesExchange) return null;
  const classification = classifyTransfer(m.token, m.from, m.to, fromLabel, toLabel);
  return {
    id: `${chain.id}:${m.txHash}:${m.logIndex}`,
    chain: chain.id,
    txHash: m.txHash,
    logIndex: m.logIndex,
    blockNumber: m.blockNumber,
    blockHash: m.blockHash,
    blockTime: m.blockTime,
    receivedAt: context.receivedAt,
    token: m.token.symbol,
    tokenAddress: m.token.address?.toLowerCase() ?? null,
    from: m.from,
    to: m.to,
    fromLabel,
    toLabel,
    amount,
    amountValue,
    priceUsd,
    valueUsd,
    classification,
    severity: severityOf(ratio, classification),
    whale,
    status: context.statusFor(m.blockNumber),
    explorerUrl: chain.explorer ? `${chain.explorer.replace(/\/$/, '')}/tx/${m.txHash}` : '',
  };
}
