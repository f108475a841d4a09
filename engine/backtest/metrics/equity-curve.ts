import type { EquityPoint } from '../backtest-types';

/**
 * The equity curve as stored and charted: at most `maxPoints` points. Long tests are cut into equal buckets of
 * bars; each bucket keeps its last equity and its deepest drawdown, so the chart never hides the worst moment.
 */
export function equityCurve(times: ArrayLike<number>, equity: ArrayLike<number>, drawdown: ArrayLike<number>, maxPoints = 2_000): EquityPoint[] {
  const n = equity.length;
  const out: EquityPoint[] = [];
  if (n === 0) return out;
  const bucket = Math.max(1, Math.ceil(n / maxPoints));
  for (let start = 0; start < n; start += bucket) {
    const end = Math.min(n, start + bucket);
    let deepest = 0;
    for (let i = start; i < end; i++) if (drawdown[i]! > deepest) deepest = drawdown[i]!;
    out.push({ time: times[end - 1]!, equity: equity[end - 1]!, drawdown: deepest });
  }
  return out;
}
