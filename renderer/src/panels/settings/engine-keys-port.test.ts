import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../engine-client/engine-client';
import { engineKeysPort } from './engine-keys-port';

const stored = { venue: 'bybit', configured: true, keyId: 'AbCd…9xYz', store: 'file', location: '/p/secrets.enc', writable: true, problem: null } as const;

/** A stand-in for the client: records calls and answers as the engine's keys API does. */
function recordingClient() {
  const calls: [string, unknown][] = [];
  const answers: Record<string, unknown> = {
    'keys.status': { venues: [stored] },
    'keys.set': stored,
    'keys.remove': { removed: true, status: { ...stored, configured: false, keyId: null } },
  };
  const client = {
    call: (method: string, params: unknown) => {
      calls.push([method, params]);
      return Promise.resolve(answers[method]);
    },
  } as Pick<EngineClient, 'call'>;
  return { client, calls };
}

describe('engine keys port', () => {
  it('reads the venue status, sends a key once and tells the settings keys changed', async () => {
    const { client, calls } = recordingClient();
    let changed = 0;
    const port = engineKeysPort(client, () => changed++);
    expect(await port.status('bybit')).toMatchObject({ configured: true, keyId: 'AbCd…9xYz' });
    expect(await port.set('bybit', 'AbCdEfGh9xYz', 's3cr3t')).toMatchObject({ configured: true });
    expect(changed).toBe(1);
    expect(await port.remove('bybit')).toMatchObject({ configured: false, keyId: null });
    expect(changed).toBe(2);
    expect(calls).toEqual([
      ['keys.status', {}],
      ['keys.set', { venue: 'bybit', apiKey: 'AbCdEfGh9xYz', secret: 's3cr3t' }],
      ['keys.remove', { venue: 'bybit' }],
    ]);
  });
});
