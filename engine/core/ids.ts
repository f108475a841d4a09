import { hash, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A time-sortable unique id (ULID layout: 48-bit time, 80 random bits, Crockford base 32),
 * so ids created later sort later in SQLite and in logs.
 */
export function newId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let random = '';
  for (let i = 0; i < 16; i++) {
    const bitOffset = i * 5;
    const byte = bitOffset >> 3;
    const shift = bitOffset & 7;
    const word = ((bytes[byte] ?? 0) << 8) | (bytes[byte + 1] ?? 0);
    random += CROCKFORD[(word >> (11 - shift)) & 31];
  }
  return time + random;
}

/**
 * A deterministic id derived from its inputs: the same intent always gets the same id, which is
 * what makes a resubmitted order idempotent at the venue. Bybit allows 36 characters.
 */
export function deterministicId(prefix: string, ...parts: (string | number)[]): string {
  // Node's one-shot digest: about twice as fast as a Hash object for an input this short.
  return `${prefix}-${hash('sha256', parts.join('\u001f'), 'base64url')}`.slice(0, 36);
}

/** A random secret for tokens, in URL-safe base64. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
