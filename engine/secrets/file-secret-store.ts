import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { writePrivateFile } from './private-file';
import { SecretStoreError, type SecretStore } from './secret-store';

/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and ~0.1 s per unlock, OWASP's recommended minimum. */
const KDF = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

const FILE_SCHEMA = z.object({
  format: z.literal('stratus-secrets'),
  version: z.literal(1),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int().positive(), r: z.number().int().positive(), p: z.number().int().positive(), salt: z.string() }),
  cipher: z.literal('aes-256-gcm'),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});

type SecretFile = z.infer<typeof FILE_SCHEMA>;

function scrypt(passphrase: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(passphrase, salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * Secrets in one file encrypted with a passphrase: scrypt derives the key from the passphrase and a
 * fresh salt, AES-256-GCM encrypts and authenticates the whole map (so a wrong passphrase and an altered
 * file are both refused). The file is written atomically with mode 0600 and refused when others can read it.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file';
  readonly writable = true;

  constructor(
    private readonly path: string,
    private readonly passphrase: string,
  ) {
    if (passphrase.length < 8) throw new SecretStoreError('the secrets passphrase must be at least 8 characters');
  }

  get location(): string {
    return `passphrase file ${this.path}`;
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.read())[name];
  }

  async set(name: string, value: string): Promise<void> {
    const secrets = await this.read();
    secrets[name] = value;
    await this.write(secrets);
  }

  async remove(name: string): Promise<boolean> {
    const secrets = await this.read();
    if (!(name in secrets)) return false;
    delete secrets[name];
    await this.write(secrets);
    return true;
  }

  private async read(): Promise<Record<string, string>> {
    if (!existsSync(this.path)) return {};
    const mode = statSync(this.path).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new SecretStoreError(`${this.path} can be read by other users (mode ${mode.toString(8)}); run chmod 600 on it`);
    }
    let file: SecretFile;
    try {
      file = FILE_SCHEMA.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (error) {
      throw new SecretStoreError(`${this.path} is not a Stratus secrets file`, { cause: error });
    }
    const key = await scrypt(this.passphrase, Buffer.from(file.kdf.salt, 'base64'), { N: file.kdf.N, r: file.kdf.r, p: file.kdf.p, maxmem: 256 * file.kdf.N * file.kdf.r });
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretStoreError(`the passphrase does not open ${this.path} (or the file was altered)`);
    }
    return JSON.parse(plain) as Record<string, string>;
  }

  private async write(secrets: Record<string, string>): Promise<void> {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const key = await scrypt(this.passphrase, salt, { ...KDF, maxmem: 256 * KDF.N * KDF.r });
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    const file: SecretFile = {
      format: 'stratus-secrets',
      version: 1,
      kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64') },
      cipher: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    writePrivateFile(this.path, JSON.stringify(file, null, 2));
  }
}
