import type { Indicator } from './indicator';

/**
 * Runs an indicator over an array, for research and for the API: the indicator is reset first, then fed
 * every input in order. Output i belongs to input i; warm-up positions hold `undefined` (never NaN, which
 * some indicators return as a real answer, e.g. correlation of a flat window). Same code path as live.
 */
export function indicatorSeries<In, Out>(indicator: Indicator<In, Out>, inputs: readonly In[]): (Out | undefined)[] {
  indicator.reset();
  const out = new Array<Out | undefined>(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = indicator.update(inputs[i] as In);
  return out;
}
