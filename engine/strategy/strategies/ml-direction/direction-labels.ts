/** No label: the forward return is unknown (end of data, a gap in the bars) or inside the dead zone. */
export const NO_LABEL = 255;

export type LabelOptions = {
  /** Bars ahead whose close decides the label. */
  readonly horizon: number;
  /** |log return| at or below this is neither up nor down and gets no label (0 = every non-zero move counts). */
  readonly deadZone?: number;
  /** Bar length in ms: a forward window spanning a gap (an exchange outage) gets no label. */
  readonly barMs?: number;
};

/**
 * Label of bar t: 1 when log(close[t+N] / close[t]) > deadZone, 0 when < −deadZone, NO_LABEL otherwise.
 * The label of bar t uses closes up to t+N, so any training row t must end N bars before validation starts
 * (the walk-forward purge gap).
 */
export function directionLabels(close: ArrayLike<number>, openTime: ArrayLike<number> | undefined, options: LabelOptions): Uint8Array {
  const { horizon } = options;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a whole number of bars ≥ 1, got ${horizon}`);
  const deadZone = options.deadZone ?? 0;
  if (!(deadZone >= 0)) throw new RangeError(`dead zone must be ≥ 0, got ${deadZone}`);
  const n = close.length;
  const labels = new Uint8Array(n).fill(NO_LABEL);
  for (let t = 0; t + horizon < n; t++) {
    if (openTime && options.barMs !== undefined && openTime[t + horizon]! - openTime[t]! !== horizon * options.barMs) continue;
    const r = Math.log(close[t + horizon]! / close[t]!);
    if (r > deadZone) labels[t] = 1;
    else if (r < -deadZone) labels[t] = 0;
  }
  return labels;
}
