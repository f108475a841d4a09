/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised features.
 * With a few dozen features the d×d Hessian is tiny, so each Newton step is one pass over the rows plus a
 * Cholesky solve; it converges in a handful of steps where gradient descent would need thousands and a
 * learning rate to tune. The intercept is not penalised.
 */
export type LogisticModel = {
  /** One weight per feature, in standardised units. */
  readonly weights: readonly number[];
  readonly intercept: number;
};

export type FitOptions = {
  /** L2 penalty λ on the weights (objective: mean log-loss + λ/2·‖w‖²). */
  readonly l2?: number;
  readonly maxIterations?: number;
  /** Stop when the largest Newton step is below this. */
  readonly tolerance?: number;
  /** Optional per-row weights (e.g. to balance classes); 1 when absent. */
  readonly sampleWeights?: Float64Array;
};

export type FitResult = LogisticModel & { readonly iterations: number; readonly converged: boolean };

/** Rows as one row-major Float64Array of `rows × features`; labels 0 or 1. */
export type Design = { readonly x: Float64Array; readonly rows: number; readonly features: number };

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function fitLogistic(design: Design, labels: Uint8Array, options: FitOptions = {}): FitResult {
  return drain(fitLogisticSteps(design, labels, options));
}

/** Runs a stepwise computation to its end without pausing. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The fit as steps: it pauses after every Newton iteration (one pass over the rows), so a caller on the
 * engine's event loop can let other work run between them instead of blocking for the whole fit.
 */
export function* fitLogisticSteps(design: Design, labels: Uint8Array, options: FitOptions = {}): Generator<void, FitResult> {
  const { x, rows: n, features: d } = design;
  if (n === 0) throw new RangeError('cannot fit on zero rows');
  if (x.length !== n * d) throw new RangeError(`design has ${x.length} values, expected ${n}×${d}`);
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows`);
  const l2 = options.l2 ?? 1e-3;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const sw = options.sampleWeights;
  const p = d + 1; // last parameter is the intercept
  const beta = new Float64Array(p);
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += sw ? sw[i]! : 1;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let z = beta[d]!;
      for (let j = 0; j < d; j++) z += beta[j]! * x[row + j]!;
      const mu = sigmoid(z);
      const w = sw ? sw[i]! : 1;
      const r = w * (mu - labels[i]!);
      const h = w * Math.max(mu * (1 - mu), 1e-10);
      for (let j = 0; j < d; j++) {
        const xj = x[row + j]!;
        gradient[j]! += r * xj;
        const hx = h * xj;
        const hrow = j * p;
        for (let k = 0; k <= j; k++) hessian[hrow + k]! += hx * x[row + k]!;
        hessian[d * p + j]! += hx;
      }
      gradient[d]! += r;
      hessian[d * p + d]! += h;
    }
    // Mean loss plus the penalty, so λ means the same whatever the number of rows.
    for (let j = 0; j < p; j++) {
      gradient[j] = gradient[j]! / totalWeight;
      for (let k = 0; k <= j; k++) hessian[j * p + k] = hessian[j * p + k]! / totalWeight;
    }
    for (let j = 0; j < d; j++) {
      gradient[j]! += l2 * beta[j]!;
      hessian[j * p + j]! += l2;
    }
    const step = solveSymmetric(hessian, gradient, p);
    let largest = 0;
    for (let j = 0; j < p; j++) {
      beta[j]! -= step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (!Number.isFinite(largest)) throw new Error('logistic regression diverged (non-finite step)');
    if (largest < tolerance) {
      converged = true;
      break;
    }
    yield;
  }
  return { weights: Array.from(beta.subarray(0, d)), intercept: beta[d]!, iterations, converged };
}

/** P(label = 1) for one standardised feature row. */
export function predictLogistic(model: LogisticModel, row: ArrayLike<number>, offset = 0): number {
  let z = model.intercept;
  const w = model.weights;
  for (let j = 0; j < w.length; j++) z += w[j]! * row[offset + j]!;
  return sigmoid(z);
}

/**
 * Solves A·s = b for symmetric positive-definite A given by its lower triangle (row-major p×p),
 * by Cholesky decomposition; a tiny ridge is added if rounding makes a pivot non-positive.
 */
function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) l[i * p + i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i * p + j] = sum / l[j * p + j]!;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * p + k]! * y[k]!;
    y[i] = sum / l[i * p + i]!;
  }
  const s = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i]! * s[k]!;
    s[i] = sum / l[i * p + i]!;
  }
  return s;
}
