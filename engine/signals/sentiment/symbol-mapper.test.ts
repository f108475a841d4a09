import { describe, expect, it } from 'vitest';
import { SymbolMapper } from './symbol-mapper';

describe('SymbolMapper', () => {
  const mapper = new SymbolMapper();

  it.each([
    ['Bitcoin tops $100K', ['BTC']],
    ['BTC dominance climbs', ['BTC']],
    ['$btc and $ETH both rally', ['BTC', 'ETH']],
    ['Ether slips while bitcoin holds', ['ETH', 'BTC']],
    ['Shiba Inu burns tokens', ['SHIB']],
    ['Polygon (MATIC) rebrands to POL', ['POL']],
    ['Solana, Cardano and Avalanche lead alts', ['SOL', 'ADA', 'AVAX']],
    ['比特币 Bitcoin 🚀 new high', ['BTC']],
  ])('%s → %j', (text, symbols) => {
    expect(mapper.map(text)).toEqual(symbols);
  });

  it('does not read ordinary words as tickers', () => {
    expect(mapper.map('Markets near a top as traders link up; dot plot next')).toEqual([]);
    expect(mapper.map('The op-ed says ETHICS matter and BTCS stock is up')).toEqual([]);
    expect(mapper.map('$NEAR and $OP pump')).toEqual(['NEAR', 'OP']);
  });

  it('accepts extra aliases', () => {
    const custom = new SymbolMapper({ HYPE: ['hyperliquid'] });
    expect(custom.map('Hyperliquid volume record; $HYPE up')).toEqual(['HYPE']);
  });
});
