import { SecretStoreError, type SecretStore } from './secret-store';
import { errorMessage } from '../core/errors';

/** The part of keytar's API this store uses. */
export type KeytarModule = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

const SERVICE = 'stratus';

/**
 * keytar is an optional native module (the OS keychain: Secret Service on Linux, Keychain on macOS,
 * Credential Vault on Windows). It is loaded only when this store is used, so an engine without it runs,
 * and says clearly what is missing when asked for the keychain.
 */
export async function loadKeytar(load: () => Promise<unknown> = () => import(/* @vite-ignore */ KEYTAR_SPECIFIER)): Promise<KeytarModule> {
  try {
    const loaded = (await load()) as KeytarModule & { default?: KeytarModule };
    const keytar = typeof loaded.getPassword === 'function' ? loaded : loaded.default;
    if (!keytar || typeof keytar.getPassword !== 'function') throw new Error('keytar has no getPassword');
    return keytar;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SecretStoreError(
      `the OS keychain is not available: keytar could not be loaded (${why}). Install it (npm install keytar; on Linux it needs libsecret and a running Secret Service), ` +
        'or use STRATUS_BYBIT_API_KEY / STRATUS_BYBIT_API_SECRET, or a passphrase file (--secrets-file)',
    );
  }
}

// A variable, so bundlers and the type checker leave the optional module alone.
const KEYTAR_SPECIFIER = 'keytar';

/** Secrets in the OS keychain under the service "stratus", one entry per name. */
export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain';
  readonly location = 'the OS keychain (service "stratus")';
  readonly writable = true;

  constructor(private readonly keytar: KeytarModule) {}

  async get(name: string): Promise<string | undefined> {
    return (await this.guard(() => this.keytar.getPassword(SERVICE, name))) ?? undefined;
  }

  async set(name: string, value: string): Promise<void> {
    await this.guard(() => this.keytar.setPassword(SERVICE, name, value));
  }

  async remove(name: string): Promise<boolean> {
    return this.guard(() => this.keytar.deletePassword(SERVICE, name));
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new SecretStoreError(`the OS keychain refused the request: ${errorMessage(error)}`);
    }
  }
}
