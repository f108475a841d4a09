import { classificationMetrics, type ClassificationMetrics } from './classification-metrics';
import { NO_LABEL } from './direction-labels';
import { drain, fitLogisticSteps, predictLogistic, type LogisticModel } from './logistic-regression';
import { fitStandardiser, standardiseRow, standardiseRows, type Standardiser } from './standardiser';
import { walkForwardFolds, type Fold, type WalkForwardScheme } from './walk-forward';

/** Features per bar (row-major, NaN while warming up) and a label per bar (NO_LABEL when unknown). */
export type TrainingSet = {
  readonly x: Float64Array;
  readonly features: number;
  readonly labels: Uint8Array;
  readonly openTime: ArrayLike<number>;
};

export type FoldReport = Fold & {
  readonly trainRows: number;
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly validFrom: number;
  readonly validTo: number;
  readonly metrics: ClassificationMetrics;
};

export type WalkForwardReport = {
  readonly folds: readonly FoldReport[];
  /** Metrics over every out-of-sample prediction of every fold together. */
  readonly overall: ClassificationMetrics;
};

export type TrainedClassifier = {
  readonly model: LogisticModel;
  readonly standardiser: Standardiser;
  readonly trainRows: number;
  readonly trainFrom: number;
  readonly trainTo: number;
};

/** Bars in [start, end) whose features are complete and whose label is known. */
export function usableRows(set: TrainingSet, start: number, end: number): Int32Array {
  const rows: number[] = [];
  const d = set.features;
  outer: for (let t = start; t < end; t++) {
    if (set.labels[t] === NO_LABEL) continue;
    for (let j = 0; j < d; j++) if (!Number.isFinite(set.x[t * d + j]!)) continue outer;
    rows.push(t);
  }
  return Int32Array.from(rows);
}

export function trainClassifier(set: TrainingSet, rows: Int32Array, l2: number): TrainedClassifier {
  return drain(trainClassifierSteps(set, rows, l2));
}

export function* trainClassifierSteps(set: TrainingSet, rows: Int32Array, l2: number): Generator<void, TrainedClassifier> {
  if (rows.length < set.features * 5) throw new RangeError(`${rows.length} labelled rows are too few to fit ${set.features} features`);
  const standardiser = fitStandardiser(set.x, set.features, rows);
  const x = standardiseRows(standardiser, set.x, rows);
  const labels = Uint8Array.from(rows, (t) => set.labels[t]!);
  const model = yield* fitLogisticSteps({ x, rows: rows.length, features: set.features }, labels, { l2 });
  return {
    model: { weights: model.weights, intercept: model.intercept },
    standardiser,
    trainRows: rows.length,
    trainFrom: Number(set.openTime[rows[0]!]),
    trainTo: Number(set.openTime[rows[rows.length - 1]!]),
  };
}

/** Probability of "up" for bar t of the set with a trained classifier. */
export function predictRow(classifier: TrainedClassifier, set: TrainingSet, t: number, scratch: Float64Array): number {
  standardiseRow(classifier.standardiser, set.x, t * set.features, scratch);
  return predictLogistic(classifier.model, scratch);
}

/**
 * Fits one classifier per fold on its training bars (standardisation learned there too) and scores it on
 * the validation block that follows the purge gap; nothing from a validation block reaches its model.
 */
export function walkForwardValidate(set: TrainingSet, scheme: WalkForwardScheme, l2: number): WalkForwardReport {
  return drain(walkForwardValidateSteps(set, scheme, l2));
}

export function* walkForwardValidateSteps(set: TrainingSet, scheme: WalkForwardScheme, l2: number): Generator<void, WalkForwardReport> {
  const bars = set.labels.length;
  const folds = walkForwardFolds(bars, scheme);
  const scratch = new Float64Array(set.features);
  const reports: FoldReport[] = [];
  const allP: number[] = [];
  const allY: number[] = [];
  const allRates: number[] = [];
  for (const fold of folds) {
    const train = usableRows(set, fold.trainStart, fold.trainEnd);
    const valid = usableRows(set, fold.validStart, fold.validEnd);
    if (valid.length === 0) throw new RangeError(`fold ${reports.length + 1} has no labelled validation rows`);
    const classifier = yield* trainClassifierSteps(set, train, l2);
    let trainPositives = 0;
    for (const t of train) trainPositives += set.labels[t]!;
    const trainRate = trainPositives / train.length;
    const p = Array.from(valid, (t) => predictRow(classifier, set, t, scratch));
    const y = Array.from(valid, (t) => set.labels[t]!);
    reports.push({
      ...fold,
      trainRows: train.length,
      trainFrom: classifier.trainFrom,
      trainTo: classifier.trainTo,
      validFrom: Number(set.openTime[valid[0]!]),
      validTo: Number(set.openTime[valid[valid.length - 1]!]),
      metrics: classificationMetrics(p, y, trainRate),
    });
    allP.push(...p);
    allY.push(...y);
    for (let i = 0; i < valid.length; i++) allRates.push(trainRate);
  }
  // Each validation row keeps the baseline of the fold that predicted it.
  return { folds: reports, overall: classificationMetrics(allP, allY, allRates) };
}
