import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder, found by walking up from the running code to the first folder that
 * holds `marker` next to a package.json. The engine runs from source (tests), from a bundle in dist/
 * (CLI and serve) and from out/ in the desktop app, so fixed relative paths would break.
 */
export function findPackagePath(marker: string, from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (;;) {
    const candidate = join(dir, marker);
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) return null;
    dir = parent;
  }
}
