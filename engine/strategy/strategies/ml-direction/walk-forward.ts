/** One walk-forward split in bar indexes (half-open ranges). */
export type Fold = {
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly validStart: number;
  readonly validEnd: number;
};

export type WalkForwardScheme = {
  /** Validation blocks, each trained on what came before it. */
  readonly folds: number;
  /** Share of the bars that only ever train (the first fold's training window). */
  readonly initialTrainShare: number;
  /** Bars dropped between the end of training and validation: the label horizon, so no training label sees a validation bar. */
  readonly purge: number;
  /** `expanding`: train on everything before; `rolling`: only the last `rollingBars`. */
  readonly window: 'expanding' | 'rolling';
  readonly rollingBars?: number;
};

/**
 * The validation blocks split the bars after the initial training share into `folds` equal parts in
 * time order; fold k trains on bars before its block minus the purge gap, so its training labels (which
 * look `purge` bars ahead) end before the block begins.
 */
export function walkForwardFolds(bars: number, scheme: WalkForwardScheme): Fold[] {
  const { folds, initialTrainShare, purge } = scheme;
  if (!Number.isInteger(folds) || folds < 1) throw new RangeError(`folds must be a whole number ≥ 1, got ${folds}`);
  if (!(initialTrainShare > 0 && initialTrainShare < 1)) throw new RangeError(`initial train share must be in (0, 1), got ${initialTrainShare}`);
  if (!Number.isInteger(purge) || purge < 0) throw new RangeError(`purge must be a whole number ≥ 0, got ${purge}`);
  if (scheme.window === 'rolling' && !(scheme.rollingBars && scheme.rollingBars > 0)) throw new RangeError('a rolling window needs rollingBars > 0');
  const firstValid = Math.floor(bars * initialTrainShare);
  const block = Math.floor((bars - firstValid) / folds);
  if (block < 1 || firstValid - purge < 1) throw new RangeError(`${bars} bars are too few for ${folds} folds with a purge of ${purge}`);
  const result: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const validStart = firstValid + k * block;
    const validEnd = k === folds - 1 ? bars : validStart + block;
    const trainEnd = validStart - purge;
    const trainStart = scheme.window === 'rolling' ? Math.max(0, trainEnd - scheme.rollingBars!) : 0;
    result.push({ trainStart, trainEnd, validStart, validEnd });
  }
  return result;
}
