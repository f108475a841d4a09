import { homedir } from 'node:os';
import { join } from 'node:path';

/** The default profile database, shared by the CLI and `stratus serve` unless --db says otherwise. */
export function defaultDatabasePath(): string {
  return process.env.STRATUS_DB ?? join(homedir(), '.stratus', 'profiles', 'default', 'stratus.db');
}
