/**
 * Historical value at risk of a portfolio from its own return history (no distribution assumed).
 * With returns r sorted ascending and k = ⌈n × (1 − confidence)⌉ tail observations:
 *   VaR  = −r_k                 (the k-th worst return, as a positive loss fraction)
 *   CVaR = −mean(r_1 … r_k)     (the average of the tail: expected shortfall)
 * Money figures are those fractions × the current equity. Undefined while there is not one full
 * tail observation (n < 1 / (1 − confidence): 20 returns for 95 %, 100 for 99 %).
 */
export type ValueAtRisk = {
  readonly confidence: number;
  /** Loss fractions of equity (positive = loss). */
  readonly varFraction: number;
  readonly cvarFraction: number;
  /** The same in the settlement currency, for the given equity. */
  readonly var: number;
  readonly cvar: number;
  readonly observations: number;
};

export function historicalVar(returns: readonly number[], confidence: number, equity = 1): ValueAtRisk | undefined {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} is not in (0, 1)`);
  const clean = returns.filter((r) => Number.isFinite(r));
  const n = clean.length;
  // A small epsilon keeps 100 × 0.05 from becoming 5.000000000000001 and asking for a sixth observation.
  const k = Math.ceil(n * (1 - confidence) - 1e-9);
  if (n === 0 || n * (1 - confidence) < 1 - 1e-9) return undefined;
  const sorted = [...clean].sort((a, b) => a - b);
  let tail = 0;
  for (let i = 0; i < k; i++) tail += sorted[i]!;
  const varFraction = -sorted[k - 1]!;
  const cvarFraction = -tail / k;
  return { confidence, varFraction, cvarFraction, var: varFraction * equity, cvar: cvarFraction * equity, observations: n };
}

/**
 * One-day returns from an equity history: the last equity of each UTC day against the last of the
 * day before (days without a point are skipped, not filled).
 */
export function dailyReturns(history: readonly { readonly time: number; readonly equity: number }[]): number[] {
  const closes: number[] = [];
  let day = Number.NaN;
  for (const point of history) {
    const d = Math.floor(point.time / 86_400_000);
    if (d === day) closes[closes.length - 1] = point.equity;
    else {
      closes.push(point.equity);
      day = d;
    }
  }
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) if (closes[i - 1]! > 0) out.push(closes[i]! / closes[i - 1]! - 1);
  return out;
}
