import type { Timeframe } from './timeframe';

/** One OHLCV bar. `openTime` is the UTC open time in ms; prices are market data, not money. */
export type Candle = {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
};

/** Identifies a candle series: which venue, which instrument, which bar length. */
export type SeriesKey = {
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
};

/** What is stored for one series. */
export type SeriesSummary = SeriesKey & {
  readonly count: number;
  readonly firstOpenTime: number;
  readonly lastOpenTime: number;
};

/**
 * Candles as parallel arrays: what crosses the API in bulk. Half the bytes of an array of objects
 * as JSON, and a chart can map it without allocating per-field keys.
 */
export type CandleColumns = {
  readonly openTime: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
};

/** Bar `i` of a column-wise series as a `Candle`: how stored columns feed bar-by-bar consumers. */
export function candleAt(columns: CandleColumns, i: number): Candle {
  return {
    openTime: columns.openTime[i]!,
    open: columns.open[i]!,
    high: columns.high[i]!,
    low: columns.low[i]!,
    close: columns.close[i]!,
    volume: columns.volume[i]!,
  };
}

/**
 * Every bar of a column-wise series as its own frozen `Candle`, made once when the data is loaded: a backtest,
 * an optimiser's hundreds of runs over the same bars, and a walk-forward then hand the strategy these objects
 * instead of building and freezing one per bar per run. Frozen, so a strategy that keeps a bar can never change
 * what another run (or another strategy) sees.
 */
export function frozenCandles(columns: CandleColumns): FrozenCandles {
  const out: Candle[] = [];
  for (let i = 0; i < columns.openTime.length; i++) out.push(Object.freeze(candleAt(columns, i)));
  // The brand is the one thing a cast adds: only this function makes the type, so every bar in one is frozen.
  return out as readonly Candle[] as FrozenCandles;
}

declare const frozenBrand: unique symbol;

/** Bars made by `frozenCandles`: every one frozen, so whoever hands them to a strategy need not freeze them again. */
export type FrozenCandles = readonly Candle[] & { readonly [frozenBrand]: true };

/** Candles as columns: the inverse of `candleAt`, for code that holds bars and calls a columns API. */
export function toColumns(candles: readonly Candle[]): CandleColumns {
  return {
    openTime: candles.map((c) => c.openTime),
    open: candles.map((c) => c.open),
    high: candles.map((c) => c.high),
    low: candles.map((c) => c.low),
    close: candles.map((c) => c.close),
    volume: candles.map((c) => c.volume),
  };
}

/** The invariant every stored candle satisfies; returns the reason it fails, or null. */
export function candleProblem(c: Candle): string | null {
  const values = [c.open, c.high, c.low, c.close, c.volume];
  if (!Number.isSafeInteger(c.openTime) || c.openTime < 0) return 'open time is not a valid timestamp';
  if (values.some((v) => !Number.isFinite(v))) return 'a price or volume is not a finite number';
  if (values.some((v) => v < 0)) return 'a price or volume is negative';
  if (c.high < c.low) return `high ${c.high} is below low ${c.low}`;
  if (c.open > c.high || c.open < c.low) return `open ${c.open} is outside low–high [${c.low}, ${c.high}]`;
  if (c.close > c.high || c.close < c.low) return `close ${c.close} is outside low–high [${c.low}, ${c.high}]`;
  return null;
}
