import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCredentials, writeCredentials } from '../../engine/secrets/secret-store';
import { tempDir } from '../../engine/testing/temp-dir';

// A stand-in for Electron's safeStorage: reversible, but not the identity, so the file must not hold plain text.
const fakes = vi.hoisted(() => ({
  safeStorage: {
    available: true,
    backend: 'gnome_libsecret',
    isEncryptionAvailable() {
      return this.available;
    },
    getSelectedStorageBackend() {
      return this.backend;
    },
    encryptString: (plain: string) => Buffer.from(`v10${Buffer.from(plain, 'utf8').toString('base64').split('').reverse().join('')}`),
    decryptString: (data: Buffer) => Buffer.from(data.toString('utf8').slice(3).split('').reverse().join(''), 'base64').toString('utf8'),
  },
}));

vi.mock('electron', () => ({ safeStorage: fakes.safeStorage }));

import { createDesktopSecretStore, safeStorageCipher } from './safe-storage-secrets';

describe('desktop secrets through Electron safeStorage', () => {
  const dir = tempDir('stratus-desktop-secrets-');
  afterEach(() => {
    fakes.safeStorage.available = true;
    fakes.safeStorage.backend = 'gnome_libsecret';
  });

  it('stores keys encrypted by safeStorage under the user data folder, never in clear', async () => {
    const store = createDesktopSecretStore(dir.path);
    await writeCredentials(store, 'bybit', { apiKey: 'DeskTopKey123456', secret: 'desktop-secret-value-42' });
    const bytes = readFileSync(join(dir.path, 'secrets.json'));
    expect(bytes.includes('desktop-secret-value-42')).toBe(false);
    expect(await readCredentials(createDesktopSecretStore(dir.path), 'bybit')).toEqual({ apiKey: 'DeskTopKey123456', secret: 'desktop-secret-value-42' });
    dir.remove();
  });

  it("treats Linux's basic_text backend and an unavailable keychain as no safe storage", () => {
    fakes.safeStorage.backend = 'basic_text';
    expect(safeStorageCipher(fakes.safeStorage, 'linux').isAvailable()).toBe(false);
    expect(safeStorageCipher(fakes.safeStorage, 'darwin').isAvailable()).toBe(true);
    fakes.safeStorage.available = false;
    expect(safeStorageCipher(fakes.safeStorage, 'darwin').isAvailable()).toBe(false);
  });
});
