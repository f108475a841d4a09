/**
 * Electron's safeStorage as the engine's StringCipher: the desktop app keeps exchange keys encrypted with
 * a key the OS keychain holds (Keychain, DPAPI, libsecret / kwallet). Only main can reach safeStorage, so
 * main owns this store; the engine sees the injected interface, never electron.
 */
import { safeStorage } from 'electron';
import { join } from 'node:path';
import { CipherSecretStore, type StringCipher } from '../../engine/secrets/cipher-secret-store';

export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keychain, a key hard-coded in Chromium — not safe for exchange keys. */
  getSelectedStorageBackend?(): string;
};

export function safeStorageCipher(storage: SafeStorageLike = safeStorage, platform: NodeJS.Platform = process.platform): StringCipher {
  return {
    isAvailable: () => storage.isEncryptionAvailable() && !(platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text'),
    encrypt: (plain) => storage.encryptString(plain),
    decrypt: (encrypted) => storage.decryptString(encrypted),
  };
}

/** The desktop app's secret store: safeStorage blobs in `secrets.json` under the user data folder. */
export function createDesktopSecretStore(userDataDir: string, storage: SafeStorageLike = safeStorage): CipherSecretStore {
  return new CipherSecretStore(join(userDataDir, 'secrets.json'), safeStorageCipher(storage));
}
