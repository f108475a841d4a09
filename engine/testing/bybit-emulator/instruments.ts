import { existsSync, readFileSync } from 'node:fs';
import type { MarketCategory } from './emulated-market';

/** A raw `/v5/market/instruments-info` list entry, as Bybit sends it. */
export type InstrumentInfo = Readonly<Record<string, unknown>> & { readonly symbol: string };

export type InstrumentCatalog = Readonly<Record<MarketCategory, readonly InstrumentInfo[]>>;

/**
 * Real instrument entries captured from Bybit (ccxt's static fixtures, in the shared data folder) when
 * they are there; otherwise generated entries of the same shape, so the project's own tests need nothing
 * outside the repository.
 */
export function loadInstrumentCatalog(realEntriesPath?: string): InstrumentCatalog {
  if (realEntriesPath && existsSync(realEntriesPath)) {
    const parsed = JSON.parse(readFileSync(realEntriesPath, 'utf8')) as { spot?: InstrumentInfo[]; linear?: InstrumentInfo[] };
    return { spot: (parsed.spot ?? []).filter(isTrading), linear: (parsed.linear ?? []).filter(isTrading) };
  }
  return generatedCatalog();
}

const GENERATED = [
  { base: 'BTC', tick: '0.1', linearTick: '0.10', basePrecision: '0.000001', qtyStep: '0.001', minQty: '0.001', maxLeverage: '100.00' },
  { base: 'ETH', tick: '0.01', linearTick: '0.01', basePrecision: '0.00001', qtyStep: '0.01', minQty: '0.01', maxLeverage: '100.00' },
  { base: 'SOL', tick: '0.01', linearTick: '0.010', basePrecision: '0.001', qtyStep: '0.1', minQty: '0.1', maxLeverage: '75.00' },
  { base: 'XRP', tick: '0.0001', linearTick: '0.0001', basePrecision: '0.01', qtyStep: '1', minQty: '1', maxLeverage: '75.00' },
  { base: 'DOGE', tick: '0.00001', linearTick: '0.00001', basePrecision: '0.1', qtyStep: '1', minQty: '1', maxLeverage: '75.00' },
] as const;

export function generatedCatalog(): InstrumentCatalog {
  return {
    spot: GENERATED.map((g) => ({
      symbol: `${g.base}USDT`,
      baseCoin: g.base,
      quoteCoin: 'USDT',
      innovation: '0',
      status: 'Trading',
      marginTrading: 'utaOnly',
      lotSizeFilter: { basePrecision: g.basePrecision, quotePrecision: '0.0000001', minOrderQty: g.basePrecision, maxOrderQty: '1000000', minOrderAmt: '5', maxOrderAmt: '8000000' },
      priceFilter: { tickSize: g.tick },
    })),
    linear: GENERATED.map((g) => ({
      symbol: `${g.base}USDT`,
      contractType: 'LinearPerpetual',
      status: 'Trading',
      baseCoin: g.base,
      quoteCoin: 'USDT',
      settleCoin: 'USDT',
      launchTime: '1584230400000',
      deliveryTime: '0',
      deliveryFeeRate: '',
      priceScale: String(g.linearTick.split('.')[1]?.length ?? 0),
      leverageFilter: { minLeverage: '1', maxLeverage: g.maxLeverage, leverageStep: '0.01' },
      priceFilter: { minPrice: g.linearTick, maxPrice: '1999999.80', tickSize: g.linearTick },
      lotSizeFilter: { maxOrderQty: '1000000', minOrderQty: g.minQty, qtyStep: g.qtyStep, postOnlyMaxOrderQty: '1000000', maxMktOrderQty: '100000', minNotionalValue: '5' },
      unifiedMarginTrade: true,
      fundingInterval: '480',
      copyTrading: 'both',
    })),
  };
}

function isTrading(entry: InstrumentInfo): boolean {
  return entry.status === 'Trading';
}
