import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors';
import { tempDir } from '../testing/temp-dir';
import { registerKeysCommands, type KeysIo } from './keys-commands';

const KEY = 'CliKeyAbcdef123456';
const SECRET = 'cli-secret-never-shown-0042';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('stratus keys set | status | remove', () => {
  let dir: ReturnType<typeof tempDir>;
  let out: ReturnType<typeof collect>;
  let err: ReturnType<typeof collect>;
  let file: string;
  beforeEach(() => {
    dir = tempDir('stratus-keys-cli-');
    out = collect();
    err = collect();
    file = join(dir.path, 'secrets.json');
  });
  afterEach(() => dir.remove());

  async function run(args: string[], stdin = '', env: Record<string, string> = { STRATUS_SECRETS_PASSPHRASE: 'cli passphrase 1' }): Promise<void> {
    const io: KeysIo = { stdin: Readable.from([stdin]), stdout: out.stream, stderr: err.stream, env };
    const program = new Command().exitOverride();
    registerKeysCommands(program, io);
    await program.parseAsync(['node', 'stratus', ...args]);
  }

  it('stores piped keys in a passphrase file, shows only a masked key id, removes them', async () => {
    await run(['keys', 'set', 'bybit', '--secrets-file', file], `${KEY}\n${SECRET}\n`);
    expect(out.text()).toContain(`bybit keys stored in passphrase file ${file} (key CliK…56)`);
    await run(['keys', 'status', '--secrets-file', file]);
    expect(out.text()).toMatch(/bybit\s+│?\s*set\s+│?\s*CliK…56/);
    await run(['keys', 'remove', 'bybit', '--secrets-file', file]);
    await run(['keys', 'remove', 'bybit', '--secrets-file', file]);
    expect(out.text()).toContain('bybit keys removed from');
    expect(out.text()).toContain('no bybit keys in');
    for (const text of [out.text(), err.text(), readFileSync(file, 'utf8')]) {
      expect(text).not.toContain(SECRET);
    }
  });

  it('refuses keys on the command line, a missing line, an unknown venue and a missing passphrase', async () => {
    await expect(run(['keys', 'set', 'bybit', KEY, SECRET, '--secrets-file', file])).rejects.toThrow(/too many arguments/);
    await expect(run(['keys', 'set', 'bybit', '--secrets-file', file], `${KEY}\n`)).rejects.toBeInstanceOf(ValidationError);
    await expect(run(['keys', 'set', 'binance', '--secrets-file', file], `${KEY}\n${SECRET}\n`)).rejects.toThrow(/not "binance"/);
    await expect(run(['keys', 'status', '--secrets-file', file], '', {})).rejects.toThrow(/STRATUS_SECRETS_PASSPHRASE/);
  });

  it('reports keys from environment variables as read-only', async () => {
    const env = { STRATUS_BYBIT_API_KEY: KEY, STRATUS_BYBIT_API_SECRET: SECRET };
    await run(['keys', 'status'], '', env);
    expect(out.text()).toContain('environment variables');
    expect(out.text()).not.toContain(SECRET);
    await expect(run(['keys', 'set', 'bybit'], `${KEY}\n${SECRET}\n`, env)).rejects.toThrow(/read-only/);
  });
});
