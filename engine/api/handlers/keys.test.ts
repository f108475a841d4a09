import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../hosts/serve';
import { tempDir } from '../../testing/temp-dir';
import { WsTestClient } from '../../testing/ws-test-client';

const TOKEN = 'keys-test-token-0123456789';
const API_KEY = 'ApiKeyZyXw98765432';
const SECRET = 'api-secret-must-never-leak-7731';

/**
 * keys.* over the real WebSocket API of `stratus serve`, with the keys in a passphrase file named by the
 * environment (as on a server). Afterwards the secret must be nowhere: not in the answers, not in the
 * database file or its WAL, not in anything the engine wrote to its logs.
 */
describe('keys API: secrets never in responses, the database or the logs', () => {
  const dir = tempDir('stratus-keys-api-');
  const databasePath = join(dir.path, 'stratus.db');
  const captured: string[] = [];
  const restore: (() => void)[] = [];
  let serve: RunningServe;
  let client: WsTestClient;
  const answers: unknown[] = [];

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        captured.push(String(chunk));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => (stream.write = original));
    }
    process.env.STRATUS_SECRETS_FILE = join(dir.path, 'secrets.json');
    process.env.STRATUS_SECRETS_PASSPHRASE = 'server passphrase 9';
    serve = await startServe({ databasePath, port: 0, token: TOKEN, staticDir: null });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
  });

  afterAll(async () => {
    await client.close();
    await serve.close();
    for (const undo of restore) undo();
    delete process.env.STRATUS_SECRETS_FILE;
    delete process.env.STRATUS_SECRETS_PASSPHRASE;
    dir.remove();
  });

  it('sets, reports and removes keys; status shows only a masked key id', async () => {
    const before = await client.call('keys.status', {});
    expect(before.venues).toEqual([expect.objectContaining({ venue: 'bybit', configured: false, keyId: null, store: 'file' })]);
    const set = await client.call('keys.set', { venue: 'bybit', apiKey: API_KEY, secret: SECRET });
    expect(set).toMatchObject({ venue: 'bybit', configured: true, keyId: 'ApiK…32', store: 'file', problem: null });
    answers.push(before, set, await client.call('keys.status', {}));
    // Bad input is refused clearly, and the refusal does not echo it.
    await expect(client.call('keys.set', { venue: 'bybit', apiKey: 'has spaces', secret: SECRET })).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('keys.set', { venue: 'okx' as 'bybit', apiKey: API_KEY, secret: SECRET })).rejects.toMatchObject({ type: 'ValidationError' });
    const removed = await client.call('keys.remove', { venue: 'bybit' });
    expect(removed).toMatchObject({ removed: true, status: { configured: false } });
    answers.push(removed);
    await client.call('keys.set', { venue: 'bybit', apiKey: API_KEY, secret: SECRET });
  });

  it('leaves no trace of the secret in the database bytes, the WAL, the logs or any answer', async () => {
    const received = JSON.stringify(client.received);
    expect(received).not.toContain(SECRET);
    expect(JSON.stringify(answers)).not.toContain(SECRET);
    expect(received).not.toContain(API_KEY);
    serve.engine.db.pragma('wal_checkpoint(PASSIVE)');
    for (const path of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`]) {
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      expect(bytes.includes(SECRET), path).toBe(false);
      expect(bytes.includes(API_KEY), path).toBe(false);
    }
    const secretsFile = readFileSync(join(dir.path, 'secrets.json'));
    expect(secretsFile.includes(SECRET)).toBe(false);
    expect(captured.join('')).not.toContain(SECRET);
    expect(captured.join('')).not.toContain(API_KEY);
  });
});
