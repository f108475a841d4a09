import { describe, expect, it } from 'vitest';
import type { TokenConfig } from './onchain-types';
import { movementFromLog, TRANSFER_TOPIC, type RawLog } from './transfer-decoder';

const token: TokenConfig = { symbol: 'USDT', address: '0xdAC17F958D2ee523a2206206994597C13D831ec7', decimals: 6, stablecoin: true, priceAsset: 'USD', thresholdUsd: 1e6 };
const tokens = new Map([[token.address?.toLowerCase() ?? '', token]]);
const topic = (address: string): string => `0x${address.slice(2).padStart(64, '0')}`;
const from = '0x28c6c06298d514db089934071355e5743bf21d60';
const to = '0x00000000000000000000000000000000000000aa';
const log: RawLog = {
  address: '0xdAC17F958D2ee523a2206206994597C13D831ec7',
  topics: [TRANSFER_TOPIC, topic(from), topic(to)],
  data: '0x00000000000000000000000000000000000000000000000000000002540be400',
  blockNumber: '0x10',
  blockHash: '0xabc',
  transactionHash: '0xdef',
  logIndex: '0x3',
};

describe('reading ERC-20 Transfer logs', () => {
  it('decodes the parties, the raw amount and the position', () => {
    expect(movementFromLog(log, tokens, 1_700_000_000_000)).toEqual({
      token,
      txHash: '0xdef',
      logIndex: 3,
      blockNumber: 16,
      blockHash: '0xabc',
      blockTime: 1_700_000_000_000,
      from,
      to,
      raw: 10_000_000_000n,
    });
  });

  it('skips logs that are not transfers of a followed token', () => {
    // ERC-721 Transfer: the token id is a fourth, indexed topic.
    expect(movementFromLog({ ...log, topics: [...log.topics, topic(to)] }, tokens, 0)).toBeNull();
    expect(movementFromLog({ ...log, address: to }, tokens, 0)).toBeNull();
    expect(movementFromLog({ ...log, topics: [`0x${'1'.repeat(64)}`, topic(from), topic(to)] }, tokens, 0)).toBeNull();
    expect(movementFromLog({ ...log, removed: true }, tokens, 0)).toBeNull();
  });

  it('reads an empty data field as a zero amount', () => {
    expect(movementFromLog({ ...log, data: '0x' }, tokens, 0)?.raw).toBe(0n);
  });
});
