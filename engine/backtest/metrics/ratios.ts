/**
 * JSON has no infinity: a ratio whose denominator is zero is reported as 0 when its numerator is not
 * positive, and as RATIO_CAP when it is (no losing trade, no downside, no drawdown). Documented in
 * docs/backtesting.md.
 */
export const RATIO_CAP = 999;

export function ratio(numerator: number, denominator: number): number {
  if (denominator === 0 || !Number.isFinite(denominator)) return numerator > 0 ? RATIO_CAP : 0;
  const r = numerator / denominator;
  if (!Number.isFinite(r)) return r > 0 ? RATIO_CAP : 0;
  return Math.max(-RATIO_CAP, Math.min(RATIO_CAP, r));
}

/** Mean and sample standard deviation (n − 1) in one pass (Welford). */
export function meanStd(values: ArrayLike<number>, from = 0, to = values.length): { mean: number; std: number; n: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    n += 1;
    const delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }
  return { mean: n > 0 ? mean : 0, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, n };
}
