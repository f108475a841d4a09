import type { EmulatedBar, EmulatedMarket, MarketCategory } from './emulated-market';
import type { InstrumentCatalog } from './instruments';
import type { EmulatedTrade } from './minute-trades';

/** How the emulator renders its market state in Bybit's v5 shapes (all numbers as strings, as Bybit does). */

export function klineRow(bar: EmulatedBar): string[] {
  return [String(bar.openTime), String(bar.open), String(bar.high), String(bar.low), String(bar.close), String(bar.volume), String(bar.turnover)];
}

export function streamKline(bar: EmulatedBar, interval: string, end: number, now: number) {
  return {
    start: bar.openTime,
    end,
    interval,
    open: String(bar.open),
    close: String(bar.close),
    high: String(bar.high),
    low: String(bar.low),
    volume: String(bar.volume),
    turnover: String(bar.turnover),
    confirm: bar.closed,
    timestamp: now,
  };
}

export function streamTrade(symbol: string, trade: EmulatedTrade) {
  return { T: trade.time, s: symbol, S: trade.side, v: String(trade.size), p: String(trade.price), L: 'ZeroPlusTick', i: trade.id, BT: false };
}

export function tickSize(catalog: InstrumentCatalog, category: MarketCategory, symbol: string): number {
  const entry = catalog[category].find((e) => e.symbol === symbol);
  const filter = entry?.priceFilter as { tickSize?: string } | undefined;
  return Number(filter?.tickSize ?? '0.01');
}

/** A book around the last price, `depth` levels a side, one tick apart; sizes vary by level. */
export function orderBook(market: EmulatedMarket, catalog: InstrumentCatalog, category: MarketCategory, symbol: string, depth: number) {
  const last = market.lastPrice(category, symbol);
  const tick = tickSize(catalog, category, symbol);
  const decimals = Math.max(0, -Math.floor(Math.log10(tick) + 1e-9));
  const level = (side: 1 | -1, i: number): [string, string] => [
    (last + side * tick * (i + 1)).toFixed(decimals),
    (0.5 + ((i * 7) % 11) / 4).toFixed(3),
  ];
  return {
    s: symbol,
    b: Array.from({ length: depth }, (_, i) => level(-1, i)),
    a: Array.from({ length: depth }, (_, i) => level(1, i)),
    ts: market.now,
    u: Math.floor(market.now / 10),
    seq: Math.floor(market.now / 10),
  };
}

export function ticker(market: EmulatedMarket, catalog: InstrumentCatalog, category: MarketCategory, symbol: string) {
  const last = market.lastPrice(category, symbol);
  const dayAgo = market.bars(category, symbol, '1', market.now - 86_400_000, market.now - 86_340_000)[0];
  const day = market.bars(category, symbol, '60', market.now - 86_400_000, market.now);
  const high = day.reduce((h, b) => Math.max(h, b.high), last);
  const low = day.reduce((l, b) => Math.min(l, b.low), last);
  const volume = day.reduce((v, b) => v + b.volume, 0);
  const turnover = day.reduce((v, b) => v + b.turnover, 0);
  const previous = dayAgo?.open ?? last;
  const book = orderBook(market, catalog, category, symbol, 1);
  const common = {
    symbol,
    lastPrice: String(last),
    highPrice24h: String(high),
    lowPrice24h: String(low),
    prevPrice24h: String(previous),
    price24hPcnt: ((last - previous) / previous).toFixed(6),
    volume24h: String(volume),
    turnover24h: String(turnover),
    bid1Price: book.b[0]![0],
    bid1Size: book.b[0]![1],
    ask1Price: book.a[0]![0],
    ask1Size: book.a[0]![1],
  };
  if (category === 'spot') return { ...common, usdIndexPrice: String(last) };
  return {
    ...common,
    markPrice: String(last),
    indexPrice: String(last),
    openInterest: '50000',
    // A non-empty openInterestValue is how ccxt tells a contract ticker from a spot one.
    openInterestValue: String(50_000 * last),
    fundingRate: '0.0001',
    nextFundingTime: String(market.now - (market.now % 28_800_000) + 28_800_000),
  };
}
