import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file only its owner can read (0600, in a 0700 folder when it creates one), atomically: a
 * crash mid-write leaves the previous file, never half of one.
 */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  // The mode given to writeFileSync is masked by the umask; chmod is not.
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
