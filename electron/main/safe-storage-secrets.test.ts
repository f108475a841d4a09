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

describe("the engine's keys through main: HostSecretStore ⇄ answerSecretRequest", () => {
  it('sets, reads, reports and removes keys across the message channel; keeps the bot token too; refuses other names', async () => {
    const { HostSecretStore } = await import('../../engine/secrets/host-secret-store');
    const { keyStatus } = await import('../../engine/secrets/secret-store');
    const { answerSecretRequest } = await import('./safe-storage-secrets');
    const folder = tempDir('stratus-host-secrets-');
    const mainStore = createDesktopSecretStore(folder.path);
    const engineStore = new HostSecretStore((request) => void answerSecretRequest(mainStore, request).then((reply) => engineStore.handleReply(reply)));
    await writeCredentials(engineStore, 'bybit', { apiKey: 'ThroughMain123456', secret: 'through-main-secret-1' });
    expect(await readCredentials(mainStore, 'bybit')).toEqual({ apiKey: 'ThroughMain123456', secret: 'through-main-secret-1' });
    expect(await keyStatus(engineStore, 'bybit')).toMatchObject({ configured: true, keyId: 'Thro…56', store: 'safe-storage' });
    expect(await engineStore.remove('bybit')).toBe(true);
    expect(await engineStore.get('bybit')).toBeUndefined();
    await engineStore.set('telegram', '123456:bot-token');
    expect(await mainStore.get('telegram')).toBe('123456:bot-token');
    await expect(engineStore.get('../../etc/passwd')).rejects.toThrow(/no secret/);
    fakes.safeStorage.available = false;
    await expect(writeCredentials(engineStore, 'bybit', { apiKey: 'ThroughMain123456', secret: 'through-main-secret-1' })).rejects.toThrow(/keychain is not available/);
    folder.remove();
  });

  it('gives up clearly when main does not answer', async () => {
    const { HostSecretStore } = await import('../../engine/secrets/host-secret-store');
    const silent = new HostSecretStore(() => undefined, 20);
    await expect(silent.get('bybit')).rejects.toThrow(/did not answer/);
  });
});
