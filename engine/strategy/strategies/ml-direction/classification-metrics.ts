/** Validation metrics of probabilistic binary predictions, the ones the model card reports. */
export type ClassificationMetrics = {
  readonly count: number;
  /** Share of rows whose predicted class (p ≥ 0.5) is right. */
  readonly accuracy: number;
  /** Accuracy of always predicting the class that was more frequent in the TRAINING rows. */
  readonly baselineAccuracy: number;
  readonly logLoss: number;
  /** Log-loss of always predicting the training base rate: what the model must beat to add information. */
  readonly baselineLogLoss: number;
  /** Area under the ROC curve; 0.5 is no skill. */
  readonly auc: number;
  readonly brier: number;
  /** Share of label-1 (up) rows. */
  readonly positiveRate: number;
};

const EPSILON = 1e-15;

/**
 * `trainPositiveRate` is the up-share of the rows the model was trained on (one number, or one per row when
 * rows from several walk-forward folds are scored together): it defines the majority-class and base-rate baselines.
 */
export function classificationMetrics(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  trainPositiveRate: number | ArrayLike<number>,
): ClassificationMetrics {
  const n = labels.length;
  if (n === 0 || probabilities.length !== n) throw new RangeError(`need as many probabilities as labels (got ${probabilities.length} and ${n}, at least 1)`);
  let correct = 0;
  let baselineCorrect = 0;
  let logLoss = 0;
  let baselineLogLoss = 0;
  let brier = 0;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    const p = Math.min(Math.max(probabilities[i]!, EPSILON), 1 - EPSILON);
    const rate = typeof trainPositiveRate === 'number' ? trainPositiveRate : trainPositiveRate[i]!;
    const majority = rate >= 0.5 ? 1 : 0;
    const base = Math.min(Math.max(rate, EPSILON), 1 - EPSILON);
    if ((p >= 0.5 ? 1 : 0) === y) correct++;
    if (majority === y) baselineCorrect++;
    logLoss -= y === 1 ? Math.log(p) : Math.log(1 - p);
    baselineLogLoss -= y === 1 ? Math.log(base) : Math.log(1 - base);
    brier += (p - y) ** 2;
    positives += y;
  }
  return {
    count: n,
    accuracy: correct / n,
    baselineAccuracy: baselineCorrect / n,
    logLoss: logLoss / n,
    baselineLogLoss: baselineLogLoss / n,
    auc: rocAuc(probabilities, labels),
    brier: brier / n,
    positiveRate: positives / n,
  };
}

/** ROC AUC by the rank-sum (Mann–Whitney) formula, ties given their average rank. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
