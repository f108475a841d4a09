import { lockProfile } from '../store/profile-lock';

/**
 * Runs a command that writes a profile without an engine while holding the profile's lock, so it refuses
 * while an engine (desktop app, `stratus serve`) has the profile open, and no engine starts under it.
 */
export async function holdProfile<T>(databasePath: string, command: string, run: () => T | Promise<T>): Promise<T> {
  const lock = lockProfile(databasePath, command, { log: (message, error) => console.error(`stratus: ${message}`, error ?? '') });
  try {
    return await run();
  } finally {
    lock.release();
  }
}
