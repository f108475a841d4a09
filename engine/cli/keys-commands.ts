import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ValidationError } from '../core/errors';
import { openSecretStore } from '../secrets/open-secret-store';
import { isSecretVenue, keyStatus, readCredentials, SECRET_VENUES, writeCredentials, type SecretStore, type SecretVenue } from '../secrets/secret-store';
import { formatTable } from './format';

/** Where the keys commands read from and write to; a test gives its own. */
export type KeysIo = {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
};

type StoreOptions = { secretsFile?: string };

const processIo: KeysIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };

/**
 * `stratus keys set|status|remove bybit`. Keys are read from the terminal with echo off, or from stdin
 * when it is piped (first line the key, second the secret), never from arguments, which shells keep in
 * their history and `ps` shows to every user.
 */
export function registerKeysCommands(program: Command, io: KeysIo = processIo): void {
  const keys = program.command('keys').description('exchange API keys: kept in the OS keychain, a passphrase file or environment variables, never in the database');
  const withStore = (command: Command) =>
    command.option('--secrets-file <path>', 'a passphrase-encrypted file instead of the OS keychain (passphrase from $STRATUS_SECRETS_PASSPHRASE or asked)');

  withStore(keys.command('set'))
    .description('store the API key and secret of a venue (asked for, or read from piped stdin)')
    .argument('<venue>', SECRET_VENUES.join(', '))
    .action(async (venue: string, options: StoreOptions) => {
      const name = venueOf(venue);
      const lines = await readLines(io, ['API key: ', 'API secret: ']);
      const store = await open(io, options);
      await writeCredentials(store, name, { apiKey: lines[0] ?? '', secret: lines[1] ?? '' });
      const status = await keyStatus(store, name);
      write(io.stdout, `${name} keys stored in ${status.location} (key ${status.keyId})\n`);
    });

  withStore(keys.command('status'))
    .description('which venues have keys, with a masked key id; never the secret')
    .action(async (options: StoreOptions) => {
      const store = await open(io, options);
      const rows = await Promise.all(SECRET_VENUES.map((name) => keyStatus(store, name)));
      write(io.stdout, `${formatTable(['venue', 'keys', 'key id', 'store'], rows.map((r) => [r.venue, r.problem ? `unreadable: ${r.problem}` : r.configured ? 'set' : 'not set', r.keyId ?? '–', r.location]))}\n`);
    });

  withStore(keys.command('remove'))
    .description('delete the stored keys of a venue')
    .argument('<venue>', SECRET_VENUES.join(', '))
    .action(async (venue: string, options: StoreOptions) => {
      const name = venueOf(venue);
      const store = await open(io, options);
      const had = (await readCredentials(store, name)) !== undefined;
      if (had) await store.remove(name);
      write(io.stdout, had ? `${name} keys removed from ${store.location}\n` : `no ${name} keys in ${store.location}\n`);
    });
}

function venueOf(venue: string): SecretVenue {
  if (!isSecretVenue(venue)) throw new ValidationError(`keys are kept for ${SECRET_VENUES.join(', ')}, not "${venue}"`);
  return venue;
}

async function open(io: KeysIo, options: StoreOptions): Promise<SecretStore> {
  const file = options.secretsFile ?? io.env.STRATUS_SECRETS_FILE;
  let passphrase = io.env.STRATUS_SECRETS_PASSPHRASE;
  if (file && !passphrase) {
    if (!io.stdin.isTTY) throw new ValidationError(`${file} needs its passphrase: set STRATUS_SECRETS_PASSPHRASE`);
    passphrase = (await readLines(io, ['Passphrase for the secrets file: ']))[0];
  }
  return openSecretStore({ file, passphrase, env: io.env });
}

/** Reads one answer per prompt: hidden from a terminal, or the next lines of piped stdin. */
async function readLines(io: KeysIo, prompts: readonly string[]): Promise<string[]> {
  if (!io.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
    if (lines.slice(0, prompts.length).some((line) => line.trim() === '')) {
      throw new ValidationError(`pipe ${prompts.length} lines on stdin (${prompts.map((p) => p.replace(/: $/, '')).join(', then ')})`);
    }
    return lines.slice(0, prompts.length).map((line) => line.trim());
  }
  const answers: string[] = [];
  for (const prompt of prompts) {
    write(io.stderr, prompt);
    // Echo off: the terminal shows nothing of what is typed.
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    const reader = createInterface({ input: io.stdin, output: muted, terminal: true });
    answers.push(await new Promise<string>((resolve) => reader.question('', (answer) => resolve(answer.trim()))));
    reader.close();
    write(io.stderr, '\n');
  }
  return answers;
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text);
}
