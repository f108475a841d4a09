import { EngineError, ValidationError } from '../core/errors';

/**
 * Where exchange keys live. Never SQLite, never logs: an environment variable or a passphrase-encrypted
 * file on a server, the OS keychain (keytar) for the CLI and a headless engine on a desktop, Electron's
 * safeStorage in the desktop app. Values are opaque strings under a name (`bybit`).
 */
export type SecretStore = {
  readonly kind: 'env' | 'file' | 'keychain' | 'safe-storage';
  /** Where the secrets are, in words, without any secret: shown by `stratus keys status`. */
  readonly location: string;
  /** False where the host sets the secrets (environment variables). */
  readonly writable: boolean;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** True when there was something to remove. */
  remove(name: string): Promise<boolean>;
};

/** A secret store cannot be opened or used: wrong passphrase, no keychain, a file others can read. */
export class SecretStoreError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'operational', options);
  }
}

export type VenueCredentials = { readonly apiKey: string; readonly secret: string };

export const SECRET_VENUES = ['bybit'] as const;
export type SecretVenue = (typeof SECRET_VENUES)[number];

export function isSecretVenue(value: string): value is SecretVenue {
  return (SECRET_VENUES as readonly string[]).includes(value);
}

/** Every secret kept under a name: the venues' keys and the Telegram bot token (a plain string). */
export const SECRET_NAMES = [...SECRET_VENUES, 'telegram'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export function isSecretName(value: string): value is SecretName {
  return (SECRET_NAMES as readonly string[]).includes(value);
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{6,128}$/;

/** Checks credentials before they are stored; the messages never repeat the values. */
export function validateCredentials(credentials: { apiKey: string; secret: string }): VenueCredentials {
  const apiKey = credentials.apiKey.trim();
  const secret = credentials.secret.trim();
  if (!KEY_PATTERN.test(apiKey)) throw new ValidationError('the API key must be 6 to 128 letters, digits, "-" or "_"');
  if (secret.length < 6 || secret.length > 4096 || /\s/.test(secret.replace(/\r?\n/g, ''))) throw new ValidationError('the API secret must be 6 to 4096 characters without spaces');
  return { apiKey, secret };
}

/** The part of an API key that may be shown: its first four and last two characters. */
export function maskKeyId(apiKey: string): string {
  if (apiKey.length < 10) return '****';
  return `${apiKey.slice(0, 4)}…${apiKey.slice(-2)}`;
}

export async function readCredentials(store: SecretStore, venue: SecretVenue): Promise<VenueCredentials | undefined> {
  const text = await store.get(venue);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretStoreError(`the stored ${venue} credentials in ${store.location} are not readable; set them again`);
  }
  const value = parsed as { apiKey?: unknown; secret?: unknown };
  if (typeof value.apiKey !== 'string' || typeof value.secret !== 'string') {
    throw new SecretStoreError(`the stored ${venue} credentials in ${store.location} are incomplete; set them again`);
  }
  return { apiKey: value.apiKey, secret: value.secret };
}

export async function writeCredentials(store: SecretStore, venue: SecretVenue, credentials: VenueCredentials): Promise<void> {
  if (!store.writable) throw new SecretStoreError(`${store.location} is read-only here; change the keys where they are set`);
  const valid = validateCredentials(credentials);
  await store.set(venue, JSON.stringify({ apiKey: valid.apiKey, secret: valid.secret }));
}

/** What may be shown about a venue's keys: whether they are there, a masked key id, the store. */
export type KeyStatus = {
  readonly venue: SecretVenue;
  readonly configured: boolean;
  readonly keyId: string | null;
  readonly store: SecretStore['kind'];
  readonly location: string;
  readonly writable: boolean;
  /** Why the store could not be read (a wrong passphrase, no keychain); the keys may still be there. */
  readonly problem: string | null;
};

export async function keyStatus(store: SecretStore, venue: SecretVenue): Promise<KeyStatus> {
  const base = { venue, store: store.kind, location: store.location, writable: store.writable };
  try {
    const credentials = await readCredentials(store, venue);
    return { ...base, configured: credentials !== undefined, keyId: credentials ? maskKeyId(credentials.apiKey) : null, problem: null };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return { ...base, configured: false, keyId: null, problem: error.message };
  }
}
