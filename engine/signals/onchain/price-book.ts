import type { LatestCloseRepository } from '../../store/repositories/latest-close-repository';
import type { TokenConfig } from './onchain-types';

/** How long a looked-up price is reused: a block's worth of transfers shares one lookup. */
const CACHE_MS = 1_000;

/**
 * USD prices for tokens: stablecoins at 1, everything else from the engine's newest stored candle close
 * of its price asset. Without a stored candle the price is unknown (null), never made up.
 */
export class PriceBook {
  private readonly cache = new Map<string, { price: number | null; at: number }>();

  constructor(
    private readonly closes: LatestCloseRepository,
    private readonly now: () => number,
  ) {}

  priceOf(token: TokenConfig): number | null {
    if (token.stablecoin) return 1;
    const asset = token.priceAsset;
    const now = this.now();
    const cached = this.cache.get(asset);
    if (cached && now - cached.at < CACHE_MS) return cached.price;
    const price = this.closes.latestClose(asset)?.price ?? null;
    this.cache.set(asset, { price, at: now });
    return price;
  }
}
