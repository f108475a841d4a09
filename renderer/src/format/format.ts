const countFormat = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** A UTC timestamp as `2024-03-01 14:05`: candle times are exchange (UTC) times. */
export function formatUtcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** Local wall-clock time with seconds, for "when did this happen" on this machine. */
export function formatLocalTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

/** A price with a fixed number of decimals, so columns of prices line up. */
export function formatPrice(value: number, precision: number): string {
  return value.toFixed(precision);
}

/** Volume in a compact form (1.2K, 3.4M) that fits a legend. */
export function formatVolume(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}K`;
  return value.toFixed(value >= 100 ? 0 : 2);
}

/** Decimals needed to show prices like these exactly (from a sample), between 2 and 8. */
export function pricePrecision(prices: readonly number[]): number {
  let decimals = 2;
  const start = Math.max(0, prices.length - 200);
  for (let i = start; i < prices.length; i++) {
    const price = prices[i];
    if (price === undefined) continue;
    decimals = Math.max(decimals, decimalsOf(price));
    if (decimals >= 8) return 8;
  }
  return decimals;
}

function decimalsOf(value: number): number {
  // Rounding to 10 digits drops float noise such as 0.30000000000000004.
  const text = String(Number(value.toPrecision(10)));
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent?.[1]) return Number(exponent[1]) + (text.split('e')[0]?.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** What a failure says to the trader: an Error's message (the engine's rejections are Errors), else the value as text. */
export function errorText(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
