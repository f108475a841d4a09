/** Drawdown of an equity curve: fractions below the running peak, and the longest time under water. */
export type DrawdownStats = {
  /** Largest fall from a peak, as a positive fraction of that peak (0.25 = 25 %). */
  readonly maxDrawdown: number;
  /** Longest time from a peak to the first point back at or above it (or to the end, if never), ms. */
  readonly maxDuration: number;
};

/** `drawdownOut[i]` (when given) receives the drawdown at point i. */
export function drawdownStats(equity: ArrayLike<number>, times: ArrayLike<number>, drawdownOut?: Float64Array): DrawdownStats {
  let peak = Number.NEGATIVE_INFINITY;
  let peakTime = 0;
  let maxDrawdown = 0;
  let maxDuration = 0;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e >= peak) {
      if (peak !== Number.NEGATIVE_INFINITY) maxDuration = Math.max(maxDuration, times[i]! - peakTime);
      peak = e;
      peakTime = times[i]!;
      if (drawdownOut) drawdownOut[i] = 0;
      continue;
    }
    const dd = peak > 0 ? (peak - e) / peak : 1;
    if (drawdownOut) drawdownOut[i] = dd;
    if (dd > maxDrawdown) maxDrawdown = dd;
  }
  // Still under water at the end: the time since the last peak counts.
  if (equity.length > 0 && equity[equity.length - 1]! < peak) maxDuration = Math.max(maxDuration, times[equity.length - 1]! - peakTime);
  return { maxDrawdown, maxDuration };
}
