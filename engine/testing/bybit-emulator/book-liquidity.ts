import { unitsFromNumber, type Units } from '../../core/money';
import type { InstrumentSpec } from './account-types';
import type { EmulatedMarket } from './emulated-market';

export type BookLevel = { readonly price: Units; readonly qty: Units };

const LEVELS = 50;
/** Level sizes are those of the public book for BTC (0.5 to 3 coins); other coins get the same notional. */
const REFERENCE_PRICE = 60_000;

/**
 * The side of the emulated book an incoming order takes from: the same prices as the public order book
 * (one tick apart from the last trade), with sizes scaled to a comparable notional for every instrument.
 * Liquidity is replenished after every order, as on a deep venue.
 */
export function bookLevels(market: EmulatedMarket, spec: InstrumentSpec, side: 'asks' | 'bids'): BookLevel[] {
  const last = market.lastPrice('linear', spec.symbol);
  const lastUnits = unitsFromNumber(last, spec.priceScale);
  const scale = REFERENCE_PRICE / Math.max(last, 1e-9);
  const levels: BookLevel[] = [];
  for (let i = 0; i < LEVELS; i++) {
    const offset = spec.tick * BigInt(i + 1);
    const price = side === 'asks' ? lastUnits + offset : lastUnits - offset;
    if (price <= 0n) break;
    const size = (0.5 + ((i * 7) % 11) / 4) * scale;
    const qty = unitsFromNumber(size, spec.qtyScale);
    levels.push({ price, qty: qty - (qty % spec.qtyStep) });
  }
  return levels;
}
