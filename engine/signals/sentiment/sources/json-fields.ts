import { ValidationError } from '../../../core/errors';

/** Small readers for API payloads: a missing or mistyped field is a clear ValidationError, never a crash. */
export function obj(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function arr(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError(`${what} is not a JSON array`);
  return value;
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
