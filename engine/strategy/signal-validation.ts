import type { StrategySignal } from '../model/signal';
import type { HookResult } from './strategy-api';

const DIRECTIONS = new Set(['long', 'short', 'flat']);
const NOT_BLANK = /\S/;
const NO_SIGNALS: readonly StrategySignal[] = Object.freeze([]);

/**
 * Turns a hook's result into a list of signals, or says what is wrong with it. `price` is the close of
 * the bar the signal answers: a long's stop must sit below it and its target above, a short's the
 * other way round, because a stop on the wrong side would fire at once.
 */
export function checkHookResult(result: HookResult, price: number): readonly StrategySignal[] | string {
  if (result === undefined || result === null) return NO_SIGNALS;
  if (Array.isArray(result)) {
    for (let i = 0; i < result.length; i++) {
      const problem = signalProblem(result[i], price);
      if (problem) return result.length === 1 ? problem : `signal ${i}: ${problem}`;
    }
    return result as readonly StrategySignal[];
  }
  const problem = signalProblem(result, price);
  return problem ?? [result as StrategySignal];
}

/** Why a returned value is not a valid signal at this price, or null. */
export function signalProblem(value: unknown, price: number): string | null {
  if (typeof value !== 'object' || value === null) return `a signal must be an object, got ${value === null ? 'null' : typeof value}`;
  const s = value as Partial<Record<keyof StrategySignal, unknown>>;
  if (typeof s.direction !== 'string' || !DIRECTIONS.has(s.direction)) return `direction must be "long", "short" or "flat", got ${JSON.stringify(s.direction)}`;
  if (typeof s.strength !== 'number' || !(s.strength >= 0 && s.strength <= 1)) return `strength must be a number in [0, 1], got ${String(s.strength)}`;
  if (typeof s.rationale !== 'string' || !NOT_BLANK.test(s.rationale)) return 'rationale must be a non-empty sentence';
  if (s.probability !== undefined && (typeof s.probability !== 'number' || !(s.probability >= 0 && s.probability <= 1))) {
    return `probability must be a number in [0, 1], got ${String(s.probability)}`;
  }
  for (const field of ['stop', 'target'] as const) {
    const level = s[field];
    if (level === undefined) continue;
    if (typeof level !== 'number' || !Number.isFinite(level) || level <= 0) return `${field} must be a finite positive price, got ${String(level)}`;
    if (s.direction === 'flat') return `a flat signal closes positions; it has no ${field}`;
    const below = field === 'stop' ? s.direction === 'long' : s.direction === 'short';
    if (below && level >= price) return `${field} ${level} of a ${s.direction} signal must be below the price ${price}`;
    if (!below && level <= price) return `${field} ${level} of a ${s.direction} signal must be above the price ${price}`;
  }
  return null;
}
