/**
 * Electron's safeStorage as the engine's StringCipher: the desktop app keeps exchange keys encrypted with
 * a key the OS keychain holds (Keychain, DPAPI, libsecret / kwallet). Only main can reach safeStorage, so
 * main owns this store; the engine sees the injected interface, never electron.
 */
import { safeStorage } from 'electron';
import { join } from 'node:path';
import type { SecretReplyMessage, SecretRequestMessage } from '../../engine/hosts/utility-process-protocol';
import { CipherSecretStore, type StringCipher } from '../../engine/secrets/cipher-secret-store';
import { isSecretName, type SecretStore } from '../../engine/secrets/secret-store';
import { errorMessage } from '../../engine/core/errors';

export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keychain, a key hard-coded in Chromium — not safe for exchange keys. */
  getSelectedStorageBackend?(): string;
};

export function safeStorageCipher(storage?: SafeStorageLike, platform: NodeJS.Platform = process.platform): StringCipher {
  // Reached only when a secret is asked for: safeStorage works only once the app is ready.
  const use = (): SafeStorageLike => storage ?? safeStorage;
  return {
    isAvailable: () => use().isEncryptionAvailable() && !(platform === 'linux' && use().getSelectedStorageBackend?.() === 'basic_text'),
    encrypt: (plain) => use().encryptString(plain),
    decrypt: (encrypted) => use().decryptString(encrypted),
  };
}

/** The desktop app's secret store: safeStorage blobs in `secrets.json` under the user data folder. */
export function createDesktopSecretStore(userDataDir: string, storage?: SafeStorageLike): CipherSecretStore {
  return new CipherSecretStore(join(userDataDir, 'secrets.json'), safeStorageCipher(storage));
}

/** Main's answer to the engine's request for a secret: only the named entries (venue keys, the bot token), failures in words. */
export async function answerSecretRequest(store: SecretStore, request: SecretRequestMessage): Promise<SecretReplyMessage> {
  const base = { type: 'secret-reply', id: request.id } as const;
  if (!isSecretName(request.name)) return { ...base, ok: false, error: `no secret "${request.name.slice(0, 40)}" is kept here` };
  try {
    if (request.op === 'get') {
      const value = await store.get(request.name);
      return { ...base, ok: true, ...(value === undefined ? {} : { value }) };
    }
    if (request.op === 'set') {
      if (typeof request.value !== 'string') return { ...base, ok: false, error: 'nothing to store' };
      await store.set(request.name, request.value);
      return { ...base, ok: true };
    }
    return { ...base, ok: true, removed: await store.remove(request.name) };
  } catch (error) {
    return { ...base, ok: false, error: errorMessage(error) };
  }
}
