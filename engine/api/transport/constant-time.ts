import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares a presented secret with a stored SHA-256 digest (hex) of the expected one. */
export function secretMatchesDigest(presented: string, expectedDigestHex: string): boolean {
  const expected = Buffer.from(expectedDigestHex, 'hex');
  const actual = digest(presented);
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

export function secretDigestHex(secret: string): string {
  return digest(secret).toString('hex');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
