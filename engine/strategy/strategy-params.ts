import { ValidationError } from '../core/errors';
import type { ParameterSpec, StrategyDefinition, StrategyParams } from './strategy-api';

/**
 * Parameters as a strategy receives them: every declared one present (defaults filled in), each
 * checked against its spec. Every problem is listed at once, so a form can show them all.
 */
export function resolveParams(definition: Pick<StrategyDefinition, 'name' | 'parameters'>, given: Readonly<Record<string, unknown>> = {}): StrategyParams {
  const problems: string[] = [];
  const resolved: Record<string, number | boolean | string> = {};
  const declared = new Set(definition.parameters.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) problems.push(`unknown parameter "${name}" (${declared.size === 0 ? 'it takes none' : `known: ${[...declared].join(', ')}`})`);
  }
  for (const spec of definition.parameters) {
    const value = given[spec.name];
    if (value === undefined) {
      resolved[spec.name] = spec.default;
      continue;
    }
    const problem = parameterProblem(spec, value);
    if (problem) problems.push(`${spec.name}: ${problem}`);
    else resolved[spec.name] = value as number | boolean | string;
  }
  if (problems.length > 0) throw new ValidationError(`invalid parameters for ${definition.name}: ${problems.join('; ')}`);
  return Object.freeze(resolved);
}

/** Why a value does not fit its spec, or null. */
export function parameterProblem(spec: ParameterSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, got ${describe(value)}`;
      if (spec.kind === 'integer' && !Number.isInteger(value)) return `expected an integer, got ${value}`;
      if (value < spec.min || value > spec.max) return `${value} is outside [${spec.min}, ${spec.max}]`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `expected true or false, got ${describe(value)}`;
    case 'choice':
      if (typeof value !== 'string') return `expected one of ${spec.choices.join(', ')}, got ${describe(value)}`;
      return spec.choices.includes(value) ? null : `"${value}" is not one of ${spec.choices.join(', ')}`;
  }
}

/** Problems of the specs themselves (a user strategy's declarations): defaults that break their own rules, duplicates. */
export function specProblems(parameters: readonly ParameterSpec[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const spec of parameters) {
    if (typeof spec.name !== 'string' || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(spec.name)) {
      problems.push(`parameter name ${describe(spec.name)} must be a camelCase identifier`);
      continue;
    }
    if (seen.has(spec.name)) problems.push(`parameter "${spec.name}" is declared twice`);
    seen.add(spec.name);
    if (!['number', 'integer', 'boolean', 'choice'].includes(spec.kind)) {
      problems.push(`parameter "${spec.name}" has unknown kind ${describe(spec.kind)}`);
      continue;
    }
    if ((spec.kind === 'number' || spec.kind === 'integer') && !(spec.min <= spec.max)) {
      problems.push(`parameter "${spec.name}": min ${spec.min} is not ≤ max ${spec.max}`);
      continue;
    }
    if (spec.kind === 'choice' && (!Array.isArray(spec.choices) || spec.choices.length === 0)) {
      problems.push(`parameter "${spec.name}" has no choices`);
      continue;
    }
    const problem = parameterProblem(spec, spec.default);
    if (problem) problems.push(`parameter "${spec.name}" default: ${problem}`);
  }
  return problems;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Parameters in a stable text form (sorted keys): part of attachment and signal identities. */
export function canonicalParams(params: StrategyParams): string {
  return JSON.stringify(Object.keys(params).sort().map((key) => [key, params[key]]));
}
