import type { RegimeLabel } from '../model/regime';

/** What labelling needs of a state: its mean return and its mean volatility, in any common units. */
export type StateSummary = { readonly meanReturn: number; readonly volatility: number };

/**
 * Names hidden states by their statistics. The most volatile state is `stress`. Of the others, the one
 * with the highest mean return is `trend-up` if that mean is positive, the one with the lowest is
 * `trend-down` if that mean is negative, and every other state is `range`: a label never contradicts
 * the sign of the state's drift, so a calm state that drifts slightly up is a range, not a down-trend.
 * This works for any number of states: one state is a range, two are stress and one other; with more
 * than four, labels repeat (the middle states are all ranges) and the band simply shows them in the
 * same colour. `meanReturn` must be in raw units (its sign matters); volatility in any monotone scale.
 */
export function labelStates(states: readonly StateSummary[]): RegimeLabel[] {
  const k = states.length;
  const labels = new Array<RegimeLabel>(k).fill('range');
  if (k <= 1) return labels;
  const stress = argMax(states.map((s) => s.volatility));
  labels[stress] = 'stress';
  const rest = states.map((s, i) => ({ ...s, i })).filter((s) => s.i !== stress);
  rest.sort((x, y) => y.meanReturn - x.meanReturn);
  const highest = rest[0]!;
  const lowest = rest.at(-1)!;
  if (highest.meanReturn > 0) labels[highest.i] = 'trend-up';
  if (lowest.meanReturn < 0) labels[lowest.i] = 'trend-down';
  return labels;
}

/** Expected number of further bars in state i: the mean of a geometric distribution, 1 / (1 − p_ii). */
export function expectedDuration(stay: number): number {
  return stay >= 1 ? Number.POSITIVE_INFINITY : 1 / (1 - stay);
}

function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
