import { ValidationError } from '../../core/errors';

/** Bar index ranges of one walk-forward step, inclusive start, exclusive end. */
export type WalkForwardSplit = {
  readonly index: number;
  readonly inSample: { readonly start: number; readonly end: number };
  readonly outOfSample: { readonly start: number; readonly end: number };
};

/**
 * Splits `bars` bars into an in-sample window followed by `windows` out-of-sample windows of equal length that
 * tile the rest of the range. With in-sample fraction f, IS = f / (1 − f) × OOS, so bars = IS + windows × OOS.
 * Rolling: each in-sample window is the IS bars just before its out-of-sample window. Anchored: every in-sample
 * window starts at bar 0 and grows. The last out-of-sample window takes the bars left over by rounding.
 */
export function walkForwardSplits(bars: number, windows: number, inSampleFraction: number, mode: 'rolling' | 'anchored', minBars = 50): WalkForwardSplit[] {
  if (!(inSampleFraction > 0 && inSampleFraction < 1)) throw new ValidationError(`in-sample fraction ${inSampleFraction} must be between 0 and 1`);
  const ratio = inSampleFraction / (1 - inSampleFraction);
  const oos = Math.floor(bars / (windows + ratio));
  const is = bars - windows * oos;
  if (oos < minBars || is < minBars) {
    throw new ValidationError(
      `${bars} bars are too few for ${windows} walk-forward windows: each out-of-sample window would have ${oos} bars and the in-sample one ${is} (at least ${minBars} each)`,
    );
  }
  const splits: WalkForwardSplit[] = [];
  for (let w = 0; w < windows; w++) {
    const oosStart = is + w * oos;
    const oosEnd = w === windows - 1 ? bars : oosStart + oos;
    splits.push({ index: w, inSample: { start: mode === 'anchored' ? 0 : oosStart - is, end: oosStart }, outOfSample: { start: oosStart, end: oosEnd } });
  }
  return splits;
}
