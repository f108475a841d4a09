import { seededRandom } from '../../core/random';
import type { GaussianHmm, HmmObservations } from './gaussian-hmm';

const LLOYD_ITERATIONS = 25;
const SAMPLE_ROWS = 8_192;

/**
 * A starting model for Baum–Welch: k-means++ seeding and a few Lloyd iterations over the complete rows
 * give the means and variances; the hard assignments' transition counts (with a sticky prior, since
 * regimes persist) give the transition matrix.
 */
export function kmeansInit(data: HmmObservations, states: number, seed: number, varianceFloor: number): GaussianHmm {
  const { values, dims } = data;
  const length = values.length / dims;
  let rows: number[] = [];
  for (let t = 0; t < length; t++) {
    let complete = true;
    for (let d = 0; d < dims; d++) if (Number.isNaN(values[t * dims + d]!)) complete = false;
    if (complete) rows.push(t);
  }
  if (rows.length < states) throw new Error(`${rows.length} complete observations cannot seed ${states} states`);
  const random = seededRandom(seed);
  // A starting point needs no more than a sample: an evenly spaced one keeps every part of the history.
  const complete = rows;
  if (rows.length > SAMPLE_ROWS) {
    const stride = rows.length / SAMPLE_ROWS;
    rows = Array.from({ length: SAMPLE_ROWS }, (_, i) => complete[Math.floor(i * stride)]!);
  }
  const centres = new Float64Array(states * dims);
  const distance = new Float64Array(rows.length).fill(Number.POSITIVE_INFINITY);
  const distanceTo = (t: number, c: number): number => {
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      const diff = values[t * dims + d]! - centres[c * dims + d]!;
      sum += diff * diff;
    }
    return sum;
  };
  const nearest = (t: number): number => {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let c = 0; c < states; c++) {
      const dist = distanceTo(t, c);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = c;
      }
    }
    return best;
  };
  // k-means++: each new centre is drawn with probability proportional to the squared distance to the nearest one.
  let pick = rows[Math.floor(random() * rows.length)]!;
  for (let c = 0; c < states; c++) {
    for (let d = 0; d < dims; d++) centres[c * dims + d] = values[pick * dims + d]!;
    if (c === states - 1) break;
    let total = 0;
    for (let r = 0; r < rows.length; r++) {
      distance[r] = Math.min(distance[r]!, distanceTo(rows[r]!, c));
      total += distance[r]!;
    }
    let target = random() * total;
    pick = rows[rows.length - 1]!;
    for (let r = 0; r < rows.length; r++) {
      target -= distance[r]!;
      if (target <= 0) {
        pick = rows[r]!;
        break;
      }
    }
  }
  const assignment = new Int32Array(length).fill(-1);
  const counts = new Float64Array(states);
  const sums = new Float64Array(states * dims);
  for (let iteration = 0; iteration < LLOYD_ITERATIONS; iteration++) {
    let moved = 0;
    for (const t of rows) {
      const best = nearest(t);
      if (assignment[t] !== best) moved++;
      assignment[t] = best;
    }
    counts.fill(0);
    sums.fill(0);
    for (const t of rows) {
      const c = assignment[t]!;
      counts[c]! += 1;
      for (let d = 0; d < dims; d++) sums[c * dims + d]! += values[t * dims + d]!;
    }
    for (let c = 0; c < states; c++) {
      if (counts[c] === 0) continue; // an empty cluster keeps its centre
      for (let d = 0; d < dims; d++) centres[c * dims + d] = sums[c * dims + d]! / counts[c]!;
    }
    if (moved === 0) break;
  }
  // Every complete row gets its nearest centre: the variances and transition counts use the whole history.
  counts.fill(0);
  for (const t of complete) {
    const best = nearest(t);
    assignment[t] = best;
    counts[best]! += 1;
  }
  const variances = new Float64Array(states * dims).fill(1);
  const squares = new Float64Array(states * dims);
  for (const t of complete) {
    const c = assignment[t]!;
    for (let d = 0; d < dims; d++) squares[c * dims + d]! += (values[t * dims + d]! - centres[c * dims + d]!) ** 2;
  }
  for (let c = 0; c < states; c++) {
    if (counts[c]! < 2) continue;
    for (let d = 0; d < dims; d++) variances[c * dims + d] = Math.max(squares[c * dims + d]! / counts[c]!, varianceFloor);
  }
  const transitions = new Float64Array(states * states);
  for (let i = 0; i < states; i++) {
    for (let j = 0; j < states; j++) transitions[i * states + j] = i === j ? 10 : 1;
  }
  const sequenceStart = new Set(data.starts);
  for (let t = 1; t < length; t++) {
    const from = assignment[t - 1]!;
    const to = assignment[t]!;
    if (from >= 0 && to >= 0 && !sequenceStart.has(t)) transitions[from * states + to]! += 1;
  }
  for (let i = 0; i < states; i++) {
    let total = 0;
    for (let j = 0; j < states; j++) total += transitions[i * states + j]!;
    for (let j = 0; j < states; j++) transitions[i * states + j]! /= total;
  }
  return { states, dims, initial: new Float64Array(states).fill(1 / states), transitions, means: centres, variances };
}
