import { ValidationError } from '../core/errors';
import { newSecret } from '../core/ids';
import type { SettingsRepository } from '../store/repositories/settings-repository';
import { secretDigestHex, secretMatchesDigest } from '../api/transport/constant-time';

const TOKEN_DIGEST_KEY = 'serve.tokenDigest';

export type ServeToken = {
  /** The token in clear, only when it was generated or given now (to print it once); otherwise null. */
  readonly printable: string | null;
  readonly verify: (presented: string) => boolean;
};

/**
 * The serve token lives in the database only as a SHA-256 digest, so a copied database file does
 * not hand out access. It is printed once, when generated; `given` (flag or environment) replaces it.
 */
export function resolveServeToken(settings: SettingsRepository, options: { given?: string; rotate?: boolean }): ServeToken {
  let printable: string | null = null;
  if (options.given !== undefined) {
    if (options.given.length < 16) throw new ValidationError('a token must be at least 16 characters');
    settings.set(TOKEN_DIGEST_KEY, secretDigestHex(options.given));
  } else if (options.rotate || settings.get<string>(TOKEN_DIGEST_KEY) === undefined) {
    printable = newSecret();
    settings.set(TOKEN_DIGEST_KEY, secretDigestHex(printable));
  }
  const digest = settings.get<string>(TOKEN_DIGEST_KEY) ?? '';
  return { printable, verify: (presented) => secretMatchesDigest(presented, digest) };
}
