import type { Candle } from '../../model/candle';

/** One public trade of the emulated venue. */
export type EmulatedTrade = {
  readonly id: string;
  readonly time: number;
  readonly price: number;
  readonly size: number;
  readonly side: 'Buy' | 'Sell';
};

/**
 * The `index`-th of `count` trades that make up `bar`: the first trades at the open, the path visits
 * the high and the low, the last trade is the close, and the sizes add up to the bar's volume. So the
 * live stream rebuilds exactly the bar that REST serves once the minute closes.
 */
export function minuteTrade(bar: Candle, index: number, count: number, idPrefix: string): EmulatedTrade {
  const rising = bar.close >= bar.open;
  const anchors: readonly (readonly [number, number])[] = [
    [0, bar.open],
    [Math.floor(count / 3), rising ? bar.low : bar.high],
    [Math.floor((2 * count) / 3), rising ? bar.high : bar.low],
    [count - 1, bar.close],
  ];
  let price = bar.close;
  for (let a = 0; a < anchors.length - 1; a++) {
    const [fromIndex, fromPrice] = anchors[a]!;
    const [toIndex, toPrice] = anchors[a + 1]!;
    if (index >= fromIndex && index <= toIndex) {
      const share = toIndex === fromIndex ? 1 : (index - fromIndex) / (toIndex - fromIndex);
      // Between the anchors the price wanders a little, as real prints do; the anchors themselves are exact.
      const atAnchor = index === fromIndex || index === toIndex;
      const wander = atAnchor ? 0 : (noise(bar.openTime, index) - 0.5) * (bar.high - bar.low) * 0.3;
      price = Math.round((fromPrice + (toPrice - fromPrice) * share + wander) * 100) / 100;
      break;
    }
  }
  price = Math.min(bar.high, Math.max(bar.low, price));
  const evenSize = bar.volume / count;
  const size = index === count - 1 ? bar.volume - evenSize * (count - 1) : evenSize;
  return {
    id: `${idPrefix}-${bar.openTime}-${index}`,
    time: bar.openTime + Math.floor(((index + 0.5) * 60_000) / count),
    price,
    size: Math.max(0, size),
    side: index % 2 === 0 ? 'Buy' : 'Sell',
  };
}

/** A repeatable value in [0, 1) for a trade: the same bar and index always wander the same way. */
function noise(openTime: number, index: number): number {
  let h = Math.imul((openTime / 60_000) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}
