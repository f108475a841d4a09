import { existsSync, readFileSync } from 'node:fs';
import { writePrivateFile } from './private-file';
import { SecretStoreError, type SecretStore } from './secret-store';

/**
 * An encryption service the engine cannot reach itself: Electron's safeStorage (the OS keychain's key,
 * available in the desktop app's main process only) is injected through this interface.
 */
export type StringCipher = {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
};

/**
 * Each secret encrypted by an injected cipher and kept, base64, in a JSON file of mode 0600. With
 * Electron's safeStorage the key never leaves the OS keychain, and the file alone opens nothing.
 */
export class CipherSecretStore implements SecretStore {
  readonly kind = 'safe-storage';
  readonly writable = true;

  constructor(
    private readonly path: string,
    private readonly cipher: StringCipher,
  ) {}

  get location(): string {
    return `the desktop app's encrypted store ${this.path}`;
  }

  async get(name: string): Promise<string | undefined> {
    const blob = this.read()[name];
    if (blob === undefined) return undefined;
    this.requireCipher();
    try {
      return this.cipher.decrypt(Buffer.from(blob, 'base64'));
    } catch (error) {
      throw new SecretStoreError(`the desktop keychain could not decrypt "${name}"; set the keys again`, { cause: error });
    }
  }

  async set(name: string, value: string): Promise<void> {
    this.requireCipher();
    const blobs = this.read();
    blobs[name] = this.cipher.encrypt(value).toString('base64');
    this.write(blobs);
  }

  async remove(name: string): Promise<boolean> {
    const blobs = this.read();
    if (!(name in blobs)) return false;
    delete blobs[name];
    this.write(blobs);
    return true;
  }

  private requireCipher(): void {
    if (!this.cipher.isAvailable()) throw new SecretStoreError('the desktop keychain is not available (no OS secret service); keys cannot be stored safely here');
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>;
    } catch (error) {
      throw new SecretStoreError(`${this.path} is not readable`, { cause: error });
    }
  }

  private write(blobs: Record<string, string>): void {
    writePrivateFile(this.path, JSON.stringify(blobs));
  }
}
