import type { EngineTarget } from '../engine-client/engine-target';

export const CONNECTION_STORAGE_KEY = 'stratus.connection';

/** The engine this window used last, and its token only if the trader asked us to remember it. */
export type SavedConnection = {
  readonly target: EngineTarget;
  readonly token: string | null;
};

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function loadSavedConnection(storage: KeyValueStorage | null): SavedConnection | null {
  const raw = safely(() => storage?.getItem(CONNECTION_STORAGE_KEY) ?? null, null);
  if (raw === null) return null;
  const parsed = safely((): unknown => JSON.parse(raw), null);
  if (typeof parsed !== 'object' || parsed === null) return null;
  const target = 'target' in parsed ? parseTarget(parsed.target) : null;
  if (!target) return null;
  const token = 'token' in parsed && typeof parsed.token === 'string' && parsed.token !== '' ? parsed.token : null;
  return { target, token };
}

export function saveConnection(storage: KeyValueStorage | null, saved: SavedConnection): void {
  safely(() => storage?.setItem(CONNECTION_STORAGE_KEY, JSON.stringify(saved)), undefined);
}

/** The storage of this window, or null where the browser denies it (some private modes throw). */
export function browserStorage(): KeyValueStorage | null {
  return safely(() => window.localStorage, null);
}

function parseTarget(value: unknown): EngineTarget | null {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return null;
  if (value.kind === 'local') return { kind: 'local' };
  if (value.kind === 'remote' && 'url' in value && typeof value.url === 'string') return { kind: 'remote', url: value.url };
  return null;
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
