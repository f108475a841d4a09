/** Linear interpolation between closest ranks of an ascending array; 0 when it is empty. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = (p / 100) * (n - 1);
  const low = Math.floor(rank);
  const high = Math.min(n - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/**
 * percentileSorted of the values as if sorted ascending, without sorting them: two order statistics by
 * quickselect (linear time), the same numbers a sort would put at those ranks. Reorders `values`; falls back
 * to a sort when a NaN is present (a sort puts NaN last, comparisons cannot).
 */
export function percentileUnsorted(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i]!)) return percentileSorted(values.sort(), p);
  }
  const rank = (p / 100) * (n - 1);
  const low = Math.floor(rank);
  const lowValue = kthSmallest(values, low);
  let highValue = lowValue;
  if (low + 1 < n) {
    // Everything after index `low` is ≥ the low value now: the next order statistic is their minimum.
    highValue = values[low + 1]!;
    for (let i = low + 2; i < n; i++) if (values[i]! < highValue) highValue = values[i]!;
  }
  return lowValue + (highValue - lowValue) * (rank - low);
}

/** The k-th smallest value (0-based), leaving smaller ones before index k and larger or equal ones after it. */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
