import { EnvSecretStore } from './env-secret-store';
import { FileSecretStore } from './file-secret-store';
import { KeytarSecretStore, loadKeytar } from './keytar-secret-store';
import { SecretStoreError, type SecretStore } from './secret-store';

export type SecretStoreChoice = {
  /** A passphrase-encrypted file (servers); the passphrase comes from `passphrase` or $STRATUS_SECRETS_PASSPHRASE. */
  readonly file?: string;
  readonly passphrase?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How to load keytar (tests inject a stand-in loader to see the failure path). */
  readonly loadKeytar?: () => Promise<unknown>;
};

/**
 * Picks the store for a headless engine or the CLI: environment variables when set, else a passphrase
 * file when one is named (flag or $STRATUS_SECRETS_FILE), else the OS keychain through keytar.
 * The desktop app injects its safeStorage store instead.
 */
export async function openSecretStore(choice: SecretStoreChoice = {}): Promise<SecretStore> {
  const env = choice.env ?? process.env;
  const fromEnv = new EnvSecretStore(env);
  if (fromEnv.hasAny()) return fromEnv;
  const file = choice.file ?? env.STRATUS_SECRETS_FILE;
  if (file) {
    const passphrase = choice.passphrase ?? env.STRATUS_SECRETS_PASSPHRASE;
    if (!passphrase) throw new SecretStoreError(`${file} needs its passphrase: set STRATUS_SECRETS_PASSPHRASE or type it when asked`);
    return new FileSecretStore(file, passphrase);
  }
  return new KeytarSecretStore(await loadKeytar(choice.loadKeytar));
}
