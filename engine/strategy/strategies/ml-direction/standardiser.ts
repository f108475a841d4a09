/**
 * Per-feature mean and standard deviation learned on training rows only, applied to every later row,
 * so validation and live rows are scaled with what was known at training time.
 */
export type Standardiser = { readonly means: readonly number[]; readonly scales: readonly number[] };

/** Rows are row-major in `x`; only the rows listed in `rowIndexes` (or all) are used. */
export function fitStandardiser(x: Float64Array, features: number, rowIndexes?: ArrayLike<number>): Standardiser {
  const count = rowIndexes ? rowIndexes.length : x.length / features;
  if (count === 0) throw new RangeError('cannot standardise zero rows');
  const means = new Float64Array(features);
  const squares = new Float64Array(features);
  for (let r = 0; r < count; r++) {
    const row = (rowIndexes ? rowIndexes[r]! : r) * features;
    for (let j = 0; j < features; j++) means[j]! += x[row + j]!;
  }
  for (let j = 0; j < features; j++) means[j] = means[j]! / count;
  for (let r = 0; r < count; r++) {
    const row = (rowIndexes ? rowIndexes[r]! : r) * features;
    for (let j = 0; j < features; j++) {
      const delta = x[row + j]! - means[j]!;
      squares[j]! += delta * delta;
    }
  }
  // A constant feature (e.g. "sentiment present" when no source ran) gets scale 1: it standardises to 0, not NaN.
  const scales = Array.from(squares, (s) => {
    const sd = Math.sqrt(s / count);
    return sd > 1e-12 ? sd : 1;
  });
  return { means: Array.from(means), scales };
}

/** Writes the standardised copy of `source` (one row) into `target`. */
export function standardiseRow(s: Standardiser, source: ArrayLike<number>, sourceOffset: number, target: Float64Array, targetOffset = 0): void {
  for (let j = 0; j < s.means.length; j++) target[targetOffset + j] = (source[sourceOffset + j]! - s.means[j]!) / s.scales[j]!;
}

/** Standardised copy of the chosen rows, as one new row-major block. */
export function standardiseRows(s: Standardiser, x: Float64Array, rowIndexes: ArrayLike<number>): Float64Array {
  const d = s.means.length;
  const out = new Float64Array(rowIndexes.length * d);
  for (let r = 0; r < rowIndexes.length; r++) standardiseRow(s, x, rowIndexes[r]! * d, out, r * d);
  return out;
}
