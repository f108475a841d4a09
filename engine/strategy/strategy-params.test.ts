import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors';
import { canonicalParams, resolveParams, specProblems } from './strategy-params';
import type { ParameterSpec } from './strategy-api';

const parameters: readonly ParameterSpec[] = [
  { name: 'fast', kind: 'integer', default: 10, min: 2, max: 100, description: 'fast' },
  { name: 'width', kind: 'number', default: 2, min: 0.5, max: 4, description: 'width' },
  { name: 'reverse', kind: 'boolean', default: false, description: 'reverse' },
  { name: 'mode', kind: 'choice', default: 'close', choices: ['close', 'hl2'], description: 'mode' },
];
const definition = { name: 'test', parameters };

describe('resolveParams', () => {
  it('fills in defaults and keeps given values', () => {
    expect(resolveParams(definition, {})).toEqual({ fast: 10, width: 2, reverse: false, mode: 'close' });
    expect(resolveParams(definition, { fast: 5, mode: 'hl2' })).toEqual({ fast: 5, width: 2, reverse: false, mode: 'hl2' });
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(resolveParams(definition))).toBe(true);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      resolveParams(definition, { fast: 2.5, width: 9, reverse: 'yes', mode: 'open', slow: 3 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as Error).message;
    expect(message).toContain('invalid parameters for test');
    expect(message).toContain('unknown parameter "slow"');
    expect(message).toContain('fast: expected an integer, got 2.5');
    expect(message).toContain('width: 9 is outside [0.5, 4]');
    expect(message).toContain('reverse: expected true or false, got "yes"');
    expect(message).toContain('mode: "open" is not one of close, hl2');
  });

  it('rejects non-finite numbers', () => {
    expect(() => resolveParams(definition, { width: Number.NaN })).toThrow(/width: expected a number/);
    expect(() => resolveParams(definition, { fast: Number.POSITIVE_INFINITY })).toThrow(/fast: expected a number/);
  });
});

describe('specProblems', () => {
  it('finds defaults that break their own spec, duplicates and bad names', () => {
    const problems = specProblems([
      { name: 'a', kind: 'integer', default: 1.5, min: 1, max: 3, description: '' },
      { name: 'a', kind: 'boolean', default: true, description: '' },
      { name: 'b c', kind: 'boolean', default: true, description: '' },
      { name: 'd', kind: 'number', default: 1, min: 5, max: 2, description: '' },
      { name: 'e', kind: 'choice', default: 'x', choices: [], description: '' },
    ]);
    expect(problems).toEqual([
      'parameter "a" default: expected an integer, got 1.5',
      'parameter "a" is declared twice',
      'parameter name "b c" must be a camelCase identifier',
      'parameter "d": min 5 is not ≤ max 2',
      'parameter "e" has no choices',
    ]);
  });
});

describe('canonicalParams', () => {
  it('does not depend on key order', () => {
    expect(canonicalParams({ b: 1, a: true })).toBe(canonicalParams({ a: true, b: 1 }));
  });
});
