import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors';
import { tempDir } from '../testing/temp-dir';
import { CipherSecretStore, type StringCipher } from './cipher-secret-store';
import { EnvSecretStore } from './env-secret-store';
import { FileSecretStore } from './file-secret-store';
import { KeytarSecretStore, loadKeytar, type KeytarModule } from './keytar-secret-store';
import { openSecretStore } from './open-secret-store';
import { keyStatus, maskKeyId, readCredentials, SecretStoreError, writeCredentials } from './secret-store';

const CREDENTIALS = { apiKey: 'AbCdEfGh12345678yZ', secret: 'sEcReT-vAlUe-0123456789abcdef' };

describe('secret stores', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('stratus-secrets-')));
  afterEach(() => dir.remove());

  it('masks a key id to its first four and last two characters', () => {
    expect(maskKeyId(CREDENTIALS.apiKey)).toBe('AbCd…yZ');
    expect(maskKeyId('short')).toBe('****');
  });

  it('reads keys from STRATUS_BYBIT_API_KEY / _SECRET, read-only, and says when only one is set', async () => {
    const store = new EnvSecretStore({ STRATUS_BYBIT_API_KEY: CREDENTIALS.apiKey, STRATUS_BYBIT_API_SECRET: CREDENTIALS.secret });
    expect(await readCredentials(store, 'bybit')).toEqual(CREDENTIALS);
    await expect(writeCredentials(store, 'bybit', CREDENTIALS)).rejects.toThrow(/read-only/);
    const half = new EnvSecretStore({ STRATUS_BYBIT_API_KEY: CREDENTIALS.apiKey });
    await expect(readCredentials(half, 'bybit')).rejects.toThrow(/STRATUS_BYBIT_API_SECRET/);
    expect(await keyStatus(new EnvSecretStore({}), 'bybit')).toMatchObject({ configured: false, keyId: null, store: 'env' });
  });

  it('reads the Telegram bot token from STRATUS_TELEGRAM_BOT_TOKEN as a plain string', async () => {
    const store = new EnvSecretStore({ STRATUS_TELEGRAM_BOT_TOKEN: '123456:token' });
    expect(store.hasAny()).toBe(true);
    expect(await store.get('telegram')).toBe('123456:token');
    expect(await store.get('bybit')).toBeUndefined();
    expect(await new EnvSecretStore({}).get('telegram')).toBeUndefined();
  });

  it('keeps keys in a passphrase file: scrypt + AES-256-GCM, mode 0600, nothing readable in the bytes', async () => {
    const path = join(dir.path, 'nested', 'secrets.json');
    const store = new FileSecretStore(path, 'correct horse battery');
    await writeCredentials(store, 'bybit', CREDENTIALS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(path);
    expect(bytes.includes(CREDENTIALS.secret)).toBe(false);
    expect(bytes.includes(CREDENTIALS.apiKey)).toBe(false);
    expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ format: 'stratus-secrets', cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 32768 } });
    expect(await readCredentials(new FileSecretStore(path, 'correct horse battery'), 'bybit')).toEqual(CREDENTIALS);
    expect(await keyStatus(store, 'bybit')).toEqual({ venue: 'bybit', configured: true, keyId: 'AbCd…yZ', store: 'file', location: `passphrase file ${path}`, writable: true, problem: null });
    expect(await store.remove('bybit')).toBe(true);
    expect(await store.remove('bybit')).toBe(false);
    expect(await readCredentials(store, 'bybit')).toBeUndefined();
  });

  it('refuses a wrong passphrase, an altered file and a file others can read, each with a clear error', async () => {
    const path = join(dir.path, 'secrets.json');
    await writeCredentials(new FileSecretStore(path, 'correct horse battery'), 'bybit', CREDENTIALS);
    const wrong = new FileSecretStore(path, 'incorrect horse');
    await expect(wrong.get('bybit')).rejects.toThrow(/passphrase does not open/);
    expect(await keyStatus(wrong, 'bybit')).toMatchObject({ configured: false, problem: expect.stringMatching(/passphrase/) });
    // A wrong passphrase loses nothing: the right one still opens the file.
    expect(await readCredentials(new FileSecretStore(path, 'correct horse battery'), 'bybit')).toEqual(CREDENTIALS);

    const file = JSON.parse(readFileSync(path, 'utf8')) as { data: string };
    const altered = Buffer.from(file.data, 'base64');
    altered[0] = altered[0]! ^ 1;
    writeFileSync(path, JSON.stringify({ ...file, data: altered.toString('base64') }), { mode: 0o600 });
    await expect(new FileSecretStore(path, 'correct horse battery').get('bybit')).rejects.toThrow(/altered/);

    chmodSync(path, 0o644);
    await expect(new FileSecretStore(path, 'correct horse battery').get('bybit')).rejects.toThrow(/other users.*chmod 600/);
    writeFileSync(join(dir.path, 'junk.json'), 'not json', { mode: 0o600 });
    await expect(new FileSecretStore(join(dir.path, 'junk.json'), 'correct horse battery').get('bybit')).rejects.toThrow(/not a Stratus secrets file/);
    expect(() => new FileSecretStore(path, 'short')).toThrow(SecretStoreError);
  });

  it('validates keys before storing, without repeating them in the message', async () => {
    const store = new FileSecretStore(join(dir.path, 's.json'), 'correct horse battery');
    const attempt = writeCredentials(store, 'bybit', { apiKey: 'has space in it', secret: CREDENTIALS.secret });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.not.toThrow(/has space/);
    await expect(writeCredentials(store, 'bybit', { apiKey: CREDENTIALS.apiKey, secret: 'x' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('uses keytar through its API and says clearly when keytar cannot load', async () => {
    const entries = new Map<string, string>();
    const fake: KeytarModule = {
      getPassword: async (service, account) => entries.get(`${service}/${account}`) ?? null,
      setPassword: async (service, account, password) => void entries.set(`${service}/${account}`, password),
      deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
    };
    const store = new KeytarSecretStore(await loadKeytar(async () => ({ default: fake })));
    await writeCredentials(store, 'bybit', CREDENTIALS);
    expect([...entries.keys()]).toEqual(['stratus/bybit']);
    expect(await readCredentials(store, 'bybit')).toEqual(CREDENTIALS);
    await expect(loadKeytar(async () => Promise.reject(new Error("Cannot find package 'keytar'")))).rejects.toThrow(/OS keychain is not available.*keytar.*STRATUS_BYBIT_API_KEY/);
    await expect(openSecretStore({ env: {}, loadKeytar: async () => Promise.reject(new Error('no')) })).rejects.toBeInstanceOf(SecretStoreError);
  });

  it('picks environment variables first, then a passphrase file', async () => {
    expect((await openSecretStore({ env: { STRATUS_BYBIT_API_KEY: 'k', STRATUS_BYBIT_API_SECRET: 's' } })).kind).toBe('env');
    const path = join(dir.path, 's.json');
    expect((await openSecretStore({ env: { STRATUS_SECRETS_FILE: path, STRATUS_SECRETS_PASSPHRASE: 'correct horse battery' } })).kind).toBe('file');
    await expect(openSecretStore({ env: { STRATUS_SECRETS_FILE: path } })).rejects.toThrow(/STRATUS_SECRETS_PASSPHRASE/);
  });

  it('keeps secrets encrypted by an injected cipher (Electron safeStorage in the desktop app)', async () => {
    let available = true;
    const cipher: StringCipher = {
      isAvailable: () => available,
      encrypt: (plain) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)),
      decrypt: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString('utf8'),
    };
    const path = join(dir.path, 'desktop-secrets.json');
    const store = new CipherSecretStore(path, cipher);
    await writeCredentials(store, 'bybit', CREDENTIALS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path).includes(CREDENTIALS.secret)).toBe(false);
    expect(await readCredentials(store, 'bybit')).toEqual(CREDENTIALS);
    available = false;
    await expect(store.get('bybit')).rejects.toThrow(/desktop keychain is not available/);
  });
});
