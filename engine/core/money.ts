import { ValidationError } from './errors';

/**
 * Money in integer units of a fixed number of decimals (the instrument's precision), as bigint,
 * so balances, fills, fees and PnL never accumulate floating-point error. Convert only at the edges.
 */
export type Units = bigint;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string exactly; more decimals than `scale` is an error, never a silent rounding. */
export function parseUnits(text: string, scale: number): Units {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new ValidationError(`"${text}" is not a decimal number`);
  const [, sign, whole = '0', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > scale) {
    throw new ValidationError(`"${text}" has more than ${scale} decimals`);
  }
  const units = BigInt(whole + trimmed.padEnd(scale, '0'));
  return sign === '-' ? -units : units;
}

/** Formats units as a plain decimal string with exactly `scale` decimals. */
export function formatUnits(units: Units, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Converts a float from an outside source (a parser, a chart) to units, rounding half away from zero. */
export function unitsFromNumber(value: number, scale: number): Units {
  if (!Number.isFinite(value)) throw new ValidationError(`${value} is not a finite number`);
  return parseUnits(roundToScale(value, scale), scale);
}

/** Units to a float for display and charts only; never feed the result back into accounting. */
export function unitsToNumber(units: Units, scale: number): number {
  return Number(formatUnits(units, scale));
}

/** Divides with rounding half away from zero, the rule used for fees and PnL. */
export function divRound(numerator: Units, denominator: Units): Units {
  if (denominator === 0n) throw new RangeError('division by zero');
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  if (abs(remainder) * 2n < abs(denominator)) return quotient;
  return (numerator < 0n) !== (denominator < 0n) ? quotient - 1n : quotient + 1n;
}

/** price × quantity in `outScale` units, e.g. a notional from a price and a size with their own scales. */
export function mulUnits(a: Units, aScale: number, b: Units, bScale: number, outScale: number): Units {
  const shift = aScale + bScale - outScale;
  const product = a * b;
  return shift >= 0 ? divRound(product, 10n ** BigInt(shift)) : product * 10n ** BigInt(-shift);
}

/**
 * Rounds through a decimal string a few digits longer than needed, so that float noise such as
 * 1.005 being stored as 1.00499999… rounds the way the decimal that was meant does.
 */
function roundToScale(value: number, scale: number): string {
  // toFixed switches to exponent form past 1e21; such values are not money we can hold.
  if (Math.abs(value) >= 1e21) throw new ValidationError(`${value} is too large for money`);
  const [whole = '0', fraction = ''] = Math.abs(value).toFixed(Math.min(scale + 4, 100)).split('.');
  let units = BigInt(whole + fraction.slice(0, scale));
  if ((fraction[scale] ?? '0') >= '5') units += 1n;
  return formatUnits(value < 0 ? -units : units, scale);
}
