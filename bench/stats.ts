import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Small statistics helpers shared by the benchmarks. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (rank - low);
}

/**
 * Runs `run` once untimed (the JIT settles), then `runs` times, and returns each timed run's nanoseconds.
 * `run` returns a checksum, which is kept so the work cannot be optimised away.
 */
export function timedRuns(runs: number, run: () => number): number[] {
  let sink = run();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const began = process.hrtime.bigint();
    sink += run();
    times.push(Number(process.hrtime.bigint() - began));
  }
  if (sink === 0.123456789) console.log('');
  return times;
}

export function report(title: string, rows: [string, string][]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [key, value] of rows) console.log(`  ${key.padEnd(width)}  ${value}`);
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** ../shared/data beside the project; benchmarks run from the project root. */
export const SHARED_DATA = pathToFileURL(resolve(process.cwd(), '../shared/data') + '/');
