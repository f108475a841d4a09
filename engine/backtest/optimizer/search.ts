import { seededRandom } from '../../core/random';
import { ValidationError } from '../../core/errors';
import type { SearchConfig } from '../backtest-config';
import { CancelledError } from '../backtest-jobs';
import type { ParamValues } from '../optimization-types';
import { isRefused, type Candidate, type Outcome } from './evaluate';
import { gridPoint, gridSize, paramsKey, type Dimension } from './parameter-space';

/** Evaluates a batch of parameter sets (in parallel where it can) and answers in the same order; `onOutcome` hears each as it is known. */
export type BatchEvaluator = (batch: readonly ParamValues[], onOutcome?: (index: number, outcome: Outcome) => void) => Promise<Outcome[]>;

export type Evaluated = Candidate & { readonly generation: number };

export type SearchProgress = { readonly done: number; readonly total: number; readonly best: number; readonly rows: readonly Evaluated[] };

/** `refused`: parameter sets the strategy refused (skipped, never rows), with the first reason. */
export type SearchOutcome = { readonly rows: Evaluated[]; readonly history: number[]; readonly message?: string; readonly refused: Refusals };

export type Refusals = { count: number; first?: string };

function countRefusal(refusals: Refusals, reason: string): void {
  refusals.count += 1;
  refusals.first ??= reason;
}

/** What ranking compares: the objective, then the earlier generation. */
type Rank = Pick<Evaluated, 'objective' | 'generation'>;

const byObjective = (a: Rank, b: Rank): number => b.objective - a.objective || a.generation - b.generation;

/**
 * Grid search: every combination, in batches (so progress and cancellation are timely), best first.
 */
export async function gridSearch(dims: readonly Dimension[], fixed: ParamValues, search: SearchConfig, evaluate: BatchEvaluator, batchSize: number, onProgress: (p: SearchProgress) => void, abort?: AbortSignal): Promise<SearchOutcome> {
  const total = gridSize(dims);
  if (total > search.maxEvaluations) {
    throw new ValidationError(`the grid has ${total.toLocaleString('en-US')} combinations, more than maxEvaluations ${search.maxEvaluations.toLocaleString('en-US')}: use coarser steps or the genetic search`);
  }
  const rows: Evaluated[] = [];
  const refused: Refusals = { count: 0 };
  for (let start = 0; start < total; start += batchSize) {
    if (abort?.aborted) throw new CancelledError('optimisation');
    const batch = Array.from({ length: Math.min(batchSize, total - start) }, (_, i) => gridPoint(dims, start + i, fixed));
    const results = await evaluate(batch);
    for (const r of results) {
      if (isRefused(r)) countRefusal(refused, r.refused);
      else rows.push({ ...r, generation: 0 });
    }
    rows.sort(byObjective);
    onProgress({ done: rows.length + refused.count, total, best: rows[0]?.objective ?? Number.NEGATIVE_INFINITY, rows });
  }
  return { rows, history: rows.length > 0 ? [rows[0]!.objective] : [], refused };
}

type Genome = number[];


/**
 * Genetic search, deterministic for a seed: a genome is one value index per dimension. The first generation is
 * random; each next one keeps the best two (elitism) and fills up with children of tournament-selected parents
 * (three drawn, the best wins): uniform crossover, then each gene mutates with probability 1 / dimensions (a step
 * of ±1–2 values, or any value with probability ¼). A parameter set seen before is not run again. Stops after the
 * generations, or when the best objective has not improved for `patience` generations.
 */
export async function geneticSearch(dims: readonly Dimension[], fixed: ParamValues, search: SearchConfig, evaluate: BatchEvaluator, onProgress: (p: SearchProgress) => void, abort?: AbortSignal): Promise<SearchOutcome> {
  const random = seededRandom(search.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const seen = new Map<string, Evaluated>();
  // A refused set ranks below every other, so selection does not breed from it.
  const refusedKeys = new Map<string, Rank>();
  const refused: Refusals = { count: 0 };
  const history: number[] = [];
  const total = search.population * search.generations;
  const toParams = (g: Genome): ParamValues => {
    const params: Record<string, number | string | boolean> = { ...fixed };
    dims.forEach((d, i) => (params[d.name] = d.values[g[i]!]!));
    return params;
  };
  let population: Genome[] = Array.from({ length: search.population }, () => dims.map((d) => pick(d.values.length)));
  let scored: { genome: Genome; row: Rank }[] = [];
  let best = Number.NEGATIVE_INFINITY;
  let stale = 0;
  let message: string | undefined;
  for (let generation = 0; generation < search.generations; generation++) {
    if (abort?.aborted) throw new CancelledError('optimisation');
    const fresh = new Map<string, ParamValues>();
    for (const g of population) {
      const params = toParams(g);
      const key = paramsKey(params);
      if (!seen.has(key) && !refusedKeys.has(key)) fresh.set(key, params);
    }
    const batch = [...fresh.values()];
    // Progress per evaluated set: the individuals already seen count as done at once, each fresh one when its
    // outcome arrives. The generation itself is settled below in the batch's order, whatever order they arrive in.
    const doneBefore = generation * search.population + (search.population - batch.length);
    const arrived: Evaluated[] = [];
    let answered = 0;
    const onOutcome = (_index: number, outcome: Outcome): void => {
      answered += 1;
      if (!isRefused(outcome)) arrived.push({ ...outcome, generation });
      const rows = [...seen.values(), ...arrived].sort(byObjective);
      onProgress({ done: Math.min(total, doneBefore + answered), total, best: Math.max(best, rows[0]?.objective ?? Number.NEGATIVE_INFINITY), rows });
    };
    const results = batch.length > 0 ? await evaluate(batch, onOutcome) : [];
    [...fresh.keys()].forEach((key, i) => {
      const result = results[i]!;
      if (!isRefused(result)) return void seen.set(key, { ...result, generation });
      countRefusal(refused, result.refused);
      refusedKeys.set(key, { objective: Number.NEGATIVE_INFINITY, generation });
    });
    scored = population
      .map((genome) => {
        const key = paramsKey(toParams(genome));
        return { genome, row: (seen.get(key) ?? refusedKeys.get(key))! };
      })
      .sort((a, b) => byObjective(a.row, b.row));
    const top = scored[0]!.row.objective;
    if (top === Number.NEGATIVE_INFINITY) throw new ValidationError(`every parameter set of generation ${generation + 1} was refused by the strategy: ${refused.first ?? ''}`);
    history.push(top);
    if (top > best + 1e-12) {
      best = top;
      stale = 0;
    } else stale += 1;
    const rows = [...seen.values()].sort(byObjective);
    onProgress({ done: Math.min(total, (generation + 1) * search.population), total, best, rows });
    if (stale >= search.patience) {
      message = `stopped early: no improvement in ${search.patience} generations (after generation ${generation + 1} of ${search.generations})`;
      break;
    }
    if (generation === search.generations - 1) break;
    const tournament = (): Genome => {
      let winner = scored[pick(scored.length)]!;
      for (let k = 0; k < 2; k++) {
        const challenger = scored[pick(scored.length)]!;
        if (byObjective(challenger.row, winner.row) < 0) winner = challenger;
      }
      return winner.genome;
    };
    const next: Genome[] = scored.slice(0, Math.min(2, scored.length)).map((s) => s.genome);
    while (next.length < search.population) {
      const a = tournament();
      const b = tournament();
      const child = dims.map((d, i) => {
        let gene = random() < 0.5 ? a[i]! : b[i]!;
        if (random() < 1 / dims.length) {
          if (random() < 0.25) gene = pick(d.values.length);
          else gene = Math.max(0, Math.min(d.values.length - 1, gene + (random() < 0.5 ? -1 : 1) * (1 + pick(2))));
        }
        return gene;
      });
      next.push(child);
    }
    population = next;
  }
  return { rows: [...seen.values()].sort(byObjective), history, ...(message ? { message } : {}), refused };
}
