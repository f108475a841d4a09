import { ValidationError } from '../../core/errors';
import type { ParameterSpec } from '../../strategy/strategy-api';
import type { ParameterRange } from '../backtest-config';
import type { ParamValues } from '../optimization-types';

/** One varied parameter as the list of values it may take. */
export type Dimension = { readonly name: string; readonly values: readonly (number | string | boolean)[] };

/** Float steps accumulate noise (0.1 + 0.2); values are rounded to 10 decimals so grids hit 0.3. */
const tidy = (x: number): number => Math.round(x * 1e10) / 1e10;

/**
 * The values of each range, checked against the strategy's parameter specs: the name must exist, numbers must
 * lie within the spec's limits, an integer parameter takes whole steps, and a choice only its choices.
 */
export function dimensions(ranges: readonly ParameterRange[], specs: readonly ParameterSpec[], strategy: string): Dimension[] {
  return ranges.map((range) => {
    const spec = specs.find((s) => s.name === range.name);
    if (!spec) throw new ValidationError(`${strategy} has no parameter "${range.name}" (known: ${specs.map((s) => s.name).join(', ') || 'none'})`);
    let values: (number | string | boolean)[];
    if ('values' in range) values = [...new Set(range.values)];
    else {
      if (spec.kind !== 'number' && spec.kind !== 'integer') throw new ValidationError(`"${range.name}" is a ${spec.kind} parameter: give it a list of values, not a numeric range`);
      const steps = Math.floor((range.max - range.min) / range.step + 1e-9);
      values = Array.from({ length: steps + 1 }, (_, k) => tidy(range.min + k * range.step));
    }
    for (const v of values) {
      const problem =
        spec.kind === 'boolean'
          ? typeof v !== 'boolean' && 'must be true or false'
          : spec.kind === 'choice'
            ? !spec.choices.includes(String(v)) && `must be one of ${spec.choices.join(', ')}`
            : typeof v !== 'number'
              ? 'must be a number'
              : spec.kind === 'integer' && !Number.isInteger(v)
                ? 'must be a whole number (use a whole step)'
                : (v < spec.min || v > spec.max) && `must lie in [${spec.min}, ${spec.max}]`;
      if (problem) throw new ValidationError(`"${range.name}" value ${String(v)} ${problem}`);
    }
    return { name: range.name, values };
  });
}

/** Number of grid combinations (may exceed safe integers only in theory: ranges are capped). */
export function gridSize(dims: readonly Dimension[]): number {
  return dims.reduce((n, d) => n * d.values.length, 1);
}

/** The k-th combination of the grid, the last dimension varying fastest. */
export function gridPoint(dims: readonly Dimension[], k: number, fixed: ParamValues): ParamValues {
  const params: Record<string, number | string | boolean> = { ...fixed };
  let rest = k;
  for (let d = dims.length - 1; d >= 0; d--) {
    const dim = dims[d]!;
    params[dim.name] = dim.values[rest % dim.values.length]!;
    rest = Math.floor(rest / dim.values.length);
  }
  return params;
}

/** A stable key for a parameter set: the same values in any key order give the same key. */
export function paramsKey(params: ParamValues): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}
