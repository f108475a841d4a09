import type { Instrument } from '../../model/instrument';

/** Instruments for hand-computed tests: a fractional crypto perpetual, a spot pair and a whole-share stock. */
export const BTC_PERP: Instrument = {
  venue: 'sim',
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  kind: 'linear',
  contract: 'perpetual',
  tickSize: 0.1,
  lotStep: 0.001,
  minQuantity: 0.001,
  minNotional: 5,
  priceScale: 1,
  quantityScale: 3,
  active: true,
};

export const ETH_SPOT: Instrument = {
  venue: 'sim',
  symbol: 'ETHUSDT',
  base: 'ETH',
  quote: 'USDT',
  kind: 'spot',
  contract: 'none',
  tickSize: 0.01,
  lotStep: 0.0001,
  minQuantity: 0.0001,
  minNotional: 1,
  priceScale: 2,
  quantityScale: 4,
  active: true,
};

export const STOCK: Instrument = {
  venue: 'sim',
  symbol: 'GOOG',
  base: 'GOOG',
  quote: 'USD',
  kind: 'stock',
  contract: 'none',
  tickSize: 0.01,
  lotStep: 1,
  minQuantity: 1,
  minNotional: 0,
  priceScale: 2,
  quantityScale: 0,
  active: true,
};
