import type { SecretStore } from './secret-store';
import { SecretStoreError } from './secret-store';

/** The variables a server's host sets for each venue. */
export const ENV_NAMES = {
  bybit: { apiKey: 'STRATUS_BYBIT_API_KEY', secret: 'STRATUS_BYBIT_API_SECRET' },
} as const satisfies Record<string, { apiKey: string; secret: string }>;

/** The Telegram bot token, a plain string under the name `telegram`. */
export const TELEGRAM_TOKEN_ENV = 'STRATUS_TELEGRAM_BOT_TOKEN';

/**
 * Keys from environment variables (`STRATUS_BYBIT_API_KEY`, `STRATUS_BYBIT_API_SECRET`): read-only, set
 * by whoever starts the engine (a systemd unit, a container's secret).
 */
export class EnvSecretStore implements SecretStore {
  readonly kind = 'env';
  readonly location = 'environment variables';
  readonly writable = false;

  constructor(private readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

  /** Whether any venue's variables are set: then they are the store to use. */
  hasAny(): boolean {
    return Object.values(ENV_NAMES).some((names) => Boolean(this.env[names.apiKey])) || Boolean(this.env[TELEGRAM_TOKEN_ENV]);
  }

  async get(name: string): Promise<string | undefined> {
    if (name === 'telegram') return this.env[TELEGRAM_TOKEN_ENV] || undefined;
    const names = (ENV_NAMES as Record<string, { apiKey: string; secret: string }>)[name];
    if (!names) return undefined;
    const apiKey = this.env[names.apiKey];
    const secret = this.env[names.secret];
    if (!apiKey && !secret) return undefined;
    if (!apiKey || !secret) throw new SecretStoreError(`set both ${names.apiKey} and ${names.secret}, or neither`);
    return JSON.stringify({ apiKey, secret });
  }

  async set(): Promise<void> {
    throw new SecretStoreError('keys come from environment variables here; set them where the engine is started');
  }

  async remove(): Promise<boolean> {
    throw new SecretStoreError('keys come from environment variables here; unset them where the engine is started');
  }
}
