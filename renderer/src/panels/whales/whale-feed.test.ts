import { describe, expect, it } from 'vitest';
import type { FlowBucket, OnchainTransfer } from '../../engine-client/api-types';
import { applyFlow, applyTransferEvent, flowMap, formatUsd, hourlyNet, netByExchange } from './whale-feed';

const transfer = (id: string, blockTime: number, extra: Partial<OnchainTransfer> = {}): OnchainTransfer => ({
  id,
  chain: 'ethereum',
  txHash: `0x${id}`,
  logIndex: 0,
  blockNumber: blockTime,
  blockHash: '0xb',
  blockTime,
  receivedAt: blockTime + 1,
  token: 'USDT',
  tokenAddress: '0xdac17f958d2ee523a2206206994597c13d831ec7',
  from: '0x0000000000000000000000000000000000000001',
  to: '0x0000000000000000000000000000000000000002',
  fromLabel: null,
  toLabel: null,
  amount: '2000000.0',
  amountValue: 2e6,
  priceUsd: 1,
  valueUsd: 2e6,
  classification: 'whale-to-whale',
  severity: 'medium',
  whale: true,
  status: 'pending',
  explorerUrl: '',
  ...extra,
});

const bucket = (exchange: string, start: number, netUsd: number | null): FlowBucket => ({
  chain: 'ethereum',
  token: 'USDT',
  exchange,
  windowMs: 3_600_000,
  start,
  inflow: Math.max(0, netUsd ?? 5),
  outflow: Math.max(0, -(netUsd ?? 0)),
  net: netUsd ?? 5,
  inflowUsd: netUsd === null ? null : Math.max(0, netUsd),
  outflowUsd: netUsd === null ? null : Math.max(0, -netUsd),
  netUsd,
  transfers: 1,
});

describe('the whale feed', () => {
  it('inserts new whales newest first and ignores transfers below the threshold', () => {
    let feed = applyTransferEvent([], { kind: 'new', transfer: transfer('a', 100) });
    feed = applyTransferEvent(feed, { kind: 'new', transfer: transfer('b', 300) });
    feed = applyTransferEvent(feed, { kind: 'new', transfer: transfer('c', 200) });
    feed = applyTransferEvent(feed, { kind: 'new', transfer: transfer('d', 400, { whale: false }) });
    expect(feed.map((t) => t.id)).toEqual(['b', 'c', 'a']);
  });

  it('updates a row when it becomes final, and keeps a retracted row marked', () => {
    let feed = applyTransferEvent([], { kind: 'new', transfer: transfer('a', 100) });
    feed = applyTransferEvent(feed, { kind: 'final', transfer: transfer('a', 100, { status: 'final' }) });
    expect(feed[0]?.status).toBe('final');
    feed = applyTransferEvent(feed, { kind: 'retracted', transfer: transfer('a', 100, { status: 'retracted' }) });
    expect(feed).toHaveLength(1);
    expect(feed[0]?.status).toBe('retracted');
    // A final or retraction for a row the feed never had adds nothing.
    expect(applyTransferEvent(feed, { kind: 'final', transfer: transfer('z', 5) })).toHaveLength(1);
  });

  it('sums net flow per hour and per exchange, and says when part of it has no price', () => {
    let flows = flowMap([bucket('Binance', 0, 5e6), bucket('Kraken', 0, -2e6)]);
    flows = applyFlow(flows, bucket('Binance', 3_600_000, null));
    flows = applyFlow(flows, bucket('Binance', 0, 6e6));
    expect(hourlyNet(flows, null)).toEqual([
      { start: 0, netUsd: 4e6, unpriced: false },
      { start: 3_600_000, netUsd: 0, unpriced: true },
    ]);
    expect(netByExchange(flows, 'USDT')).toEqual([
      { exchange: 'Binance', netUsd: 6e6, unpriced: true },
      { exchange: 'Kraken', netUsd: -2e6, unpriced: false },
    ]);
  });

  it('shows an unknown USD value as unknown', () => {
    expect(formatUsd(null)).toBe('USD unknown');
    expect(formatUsd(12_500_000)).toBe('$12.5M');
    expect(formatUsd(-2_000_000)).toBe('−$2M');
  });
});
