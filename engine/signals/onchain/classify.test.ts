import { describe, expect, it } from 'vitest';
import { classifyTransfer, severityOf, ZERO_ADDRESS } from './classify';
import { DEFAULT_CHAINS } from './default-chains';
import { LabelBook, readBuiltinLabels } from './labels';
import type { AddressLabel, TokenConfig } from './onchain-types';

const usdt: TokenConfig = { symbol: 'USDT', address: '0xdac17f958d2ee523a2206206994597c13d831ec7', decimals: 6, stablecoin: true, priceAsset: 'USD', thresholdUsd: 1e6 };
const weth: TokenConfig = { ...usdt, symbol: 'WETH', stablecoin: false, priceAsset: 'ETH', decimals: 18 };
const label = (kind: AddressLabel['kind'], entity: string): AddressLabel => ({ address: '0x1', chain: '*', name: entity, entity, kind, source: 'test' });
const a = '0x00000000000000000000000000000000000000aa';
const b = '0x00000000000000000000000000000000000000bb';

describe('transfer classification', () => {
  it('names mints and burns of stablecoins before anything else', () => {
    expect(classifyTransfer(usdt, ZERO_ADDRESS, a, null, label('exchange', 'Binance'))).toBe('stablecoin-mint');
    expect(classifyTransfer(usdt, a, ZERO_ADDRESS, null, null)).toBe('stablecoin-burn');
    // A non-stablecoin from the zero address is not a stablecoin mint.
    expect(classifyTransfer(weth, ZERO_ADDRESS, a, null, null)).toBe('whale-to-whale');
  });

  it('reads the exchange direction from the labels', () => {
    expect(classifyTransfer(usdt, a, b, null, label('exchange', 'Binance'))).toBe('exchange-inflow');
    expect(classifyTransfer(usdt, a, b, label('exchange', 'Kraken'), null)).toBe('exchange-outflow');
    expect(classifyTransfer(usdt, a, b, label('exchange', 'Kraken'), label('exchange', 'Binance'))).toBe('exchange-to-exchange');
    // A treasury is labelled but it is not an exchange.
    expect(classifyTransfer(usdt, a, b, label('treasury', 'Tether'), null)).toBe('whale-to-whale');
  });

  it('ranks severity by size against the threshold, one step up for exchange inflows and mints', () => {
    expect(severityOf(null, 'whale-to-whale')).toBe('low');
    expect(severityOf(0.5, 'exchange-inflow')).toBe('low');
    expect(severityOf(1, 'whale-to-whale')).toBe('medium');
    expect(severityOf(1, 'exchange-inflow')).toBe('high');
    expect(severityOf(5, 'exchange-outflow')).toBe('high');
    expect(severityOf(25, 'whale-to-whale')).toBe('critical');
    expect(severityOf(30, 'stablecoin-mint')).toBe('critical');
  });
});

describe('shipped labels and default chains', () => {
  it('loads every shipped label with a checksummed address and a source', () => {
    const labels = readBuiltinLabels();
    expect(labels.length).toBeGreaterThan(20);
    for (const l of labels) {
      expect(l.address).toMatch(/^0x[0-9a-f]{40}$/);
      expect(l.source.length).toBeGreaterThan(5);
    }
    const book = new LabelBook(labels);
    expect(book.lookup('arbitrum', '0x28C6c06298d514Db089934071355E5743bf21d60')?.entity).toBe('Binance');
    expect(book.lookup('ethereum', '0x5754284f345afc66a98fbB0a0Afe71e0F007B949')?.kind).toBe('treasury');
    expect(book.lookup('polygon', '0x5754284f345afc66a98fbB0a0Afe71e0F007B949')).toBeNull();
  });

  it('lets a chain-specific label override a label for every chain', () => {
    const everywhere = { ...label('exchange', 'A'), address: a };
    const here = { ...label('fund', 'B'), address: a, chain: 'base' };
    const book = new LabelBook([everywhere], [here]);
    expect(book.lookup('base', a)?.entity).toBe('B');
    expect(book.lookup('ethereum', a)?.entity).toBe('A');
  });

  it('configures the five default chains with USDT, USDC, DAI, a wrapped BTC and a wrapped ETH, and no RPC URL', () => {
    expect(DEFAULT_CHAINS.map((c) => c.id)).toEqual(['ethereum', 'arbitrum', 'base', 'bsc', 'polygon']);
    for (const chain of DEFAULT_CHAINS) {
      expect(chain.rpcUrls).toEqual([]);
      expect(chain.tokens.map((t) => t.symbol).slice(0, 3)).toEqual(['USDT', 'USDC', 'DAI']);
      expect(new Set(chain.tokens.map((t) => t.address?.toLowerCase())).size).toBe(5);
    }
    const ethereum = DEFAULT_CHAINS[0];
    expect(ethereum?.tokens.map((t) => [t.symbol, t.decimals])).toEqual([['USDT', 6], ['USDC', 6], ['DAI', 18], ['WBTC', 8], ['WETH', 18]]);
  });
});
