import type { ParameterSpec } from '../strategy-api';

/**
 * Small pieces the built-in strategies share: crossing detection on a difference, price levels from
 * ATR multiples, and numbers written the way a trader reads them in a rationale.
 */

/** Follows the sign of (a − b) and reports when it changes: +1 crossed above, −1 crossed below, 0 no cross. */
export class CrossDetector {
  private sign = 0;

  /** Equality keeps the previous side, so touching without crossing is not a cross. */
  update(difference: number): -1 | 0 | 1 {
    const now = difference > 0 ? 1 : difference < 0 ? -1 : 0;
    if (now === 0 || now === this.sign) return 0;
    const had = this.sign;
    this.sign = now;
    return had === 0 ? 0 : now;
  }

  /** The side a is on: +1 above, −1 below, 0 before the first non-zero difference. */
  get side(): number {
    return this.sign;
  }
}

/**
 * The ATR parameters of a strategy's stop and target suggestions, with its own defaults; without a
 * target default the strategy sets its target elsewhere (rsi-reversion: the middle band).
 */
export function atrParameters(defaults: { stopAtr: number; targetAtr?: number }): ParameterSpec[] {
  const specs: ParameterSpec[] = [
    { name: 'atrPeriod', kind: 'integer', default: 14, min: 2, max: 200, description: 'Bars in the ATR used for stop and target' },
    { name: 'stopAtr', kind: 'number', default: defaults.stopAtr, min: 0, max: 20, step: 0.5, description: 'Stop this many ATRs from the entry (0: none)' },
  ];
  if (defaults.targetAtr !== undefined) {
    specs.push({ name: 'targetAtr', kind: 'number', default: defaults.targetAtr, min: 0, max: 50, step: 0.5, description: 'Target this many ATRs from the entry (0: none)' });
  }
  return specs;
}

/** Stop and target for an entry at `price`, `stopAtr` and `targetAtr` ATRs away (0 = none). */
export function atrLevels(direction: 'long' | 'short', price: number, atr: number, stopAtr: number, targetAtr: number): { stop?: number; target?: number } {
  const way = direction === 'long' ? 1 : -1;
  const levels: { stop?: number; target?: number } = {};
  if (stopAtr > 0 && atr > 0) {
    const stop = price - way * stopAtr * atr;
    if (stop > 0) levels.stop = stop;
  }
  if (targetAtr > 0 && atr > 0) {
    const target = price + way * targetAtr * atr;
    if (target > 0) levels.target = target;
  }
  return levels;
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * A price with as many decimals as its size needs, thousands grouped (64,210.5 / 1.08 / 0.00002315).
 * Written by hand: `toLocaleString` costs tens of microseconds a call, more than a whole bar of a strategy.
 */
export function price(x: number): string {
  const abs = Math.abs(x);
  const digits = abs >= 1000 ? 1 : abs >= 1 ? 2 : Math.min(8, 2 - Math.floor(Math.log10(abs || 1)) + 2);
  let text = abs.toFixed(digits);
  if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  const dot = text.indexOf('.');
  let whole = dot === -1 ? text : text.slice(0, dot);
  const fraction = dot === -1 ? '' : text.slice(dot);
  for (let i = whole.length - 3; i > 0; i -= 3) whole = `${whole.slice(0, i)},${whole.slice(i)}`;
  return `${x < 0 ? '-' : ''}${whole}${fraction}`;
}

/** A signed value (MACD histogram, sentiment score): +0.80 / −1.25. */
export function signed(x: number, digits = 2): string {
  const abs = Math.abs(x);
  const shown = abs !== 0 && abs < 10 ** -digits ? abs.toPrecision(2) : abs.toFixed(digits);
  return `${x < 0 ? '−' : '+'}${shown}`;
}

export function fixed(x: number, digits = 1): string {
  return x.toFixed(digits);
}
