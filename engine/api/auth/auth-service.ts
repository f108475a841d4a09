import type Database from 'better-sqlite3';
import { AuthError, RateLimitError, ValidationError } from '../../core/errors';
import type { AuditRecord } from '../api-server';
import type { CallContext } from '../define-handler';
import type { AuthPort } from '../handlers/auth';
import { AuditLog } from './audit-log';
import type { AuthAuditEntryView, DeviceView, PairingCodeView, PairingResult, WhoAmIView } from './auth-views';
import { DeviceRegistry } from './device-registry';
import { DEFAULT_LOCKOUT, Lockout, type LockoutPolicy } from './lockout';
import { SqliteLockoutStore } from './lockout-store';
import { PairingCodes } from './pairing-codes';
import { CLI_PRINCIPAL, LOCAL_PRINCIPAL, SERVE_TOKEN_PRINCIPAL, type Principal } from './principal';
import { allowedMethods } from './method-roles';
import type { Role } from './roles';

/** Where remote devices reach this engine: set by `stratus serve` once it listens. */
export type ServeEndpoint = {
  /** The web UI's address, `https://host:port/` (or `http://` on plain loopback). */
  readonly baseUrl: string;
  /** SHA-256 of the TLS certificate, `AB:CD:…`; null without TLS. */
  readonly fingerprint: string | null;
};

export type AuthServiceConfig = {
  readonly db: Database.Database;
  readonly now: () => number;
  readonly lockout?: LockoutPolicy;
};

export type Authentication =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly error: AuthError | RateLimitError };

const FIXED_NAMES: Record<string, string> = {
  [LOCAL_PRINCIPAL.actor]: LOCAL_PRINCIPAL.name,
  [CLI_PRINCIPAL.actor]: CLI_PRINCIPAL.name,
  [SERVE_TOKEN_PRINCIPAL.actor]: SERVE_TOKEN_PRINCIPAL.name,
};

/**
 * Remote access to one engine: paired devices and their tokens, one-time pairing codes, the
 * per-address lockout shared by pairing and the WebSocket hello (kept in SQLite across restarts), and the audit log.
 */
export class AuthService implements AuthPort {
  readonly registry: DeviceRegistry;
  readonly codes: PairingCodes;
  readonly auditLog: AuditLog;
  readonly lockout: Lockout;
  private endpoint: ServeEndpoint | null = null;
  private serveToken: ((presented: string) => boolean) | null = null;
  private revokedListeners: ((deviceId: string, why: string) => void)[] = [];

  constructor(private readonly config: AuthServiceConfig) {
    this.registry = new DeviceRegistry(config.db);
    this.codes = new PairingCodes(config.db);
    this.auditLog = new AuditLog(config.db);
    this.lockout = new Lockout(config.lockout ?? DEFAULT_LOCKOUT, config.now, new SqliteLockoutStore(config.db));
  }

  /** `stratus serve` tells where it listens (for pairing links) and how its shared admin token is checked. */
  serveAt(endpoint: ServeEndpoint, verifyServeToken: (presented: string) => boolean): void {
    this.endpoint = endpoint;
    this.serveToken = verifyServeToken;
  }

  /** Told when a device is revoked, with why, to close its sockets (a session closes itself when its token expires). */
  onRevoked(listener: (deviceId: string, why: string) => void): void {
    this.revokedListeners.push(listener);
  }

  /** Checks a WebSocket hello's token from `address`: the shared serve token (admin) or a paired device's. */
  authenticate(token: string, address: string): Authentication {
    const locked = this.lockout.lockedFor(address);
    if (locked > 0) return { ok: false, error: lockedOut(locked) };
    if (this.serveToken?.(token)) {
      this.lockout.succeed(address);
      return { ok: true, principal: SERVE_TOKEN_PRINCIPAL };
    }
    const device = this.registry.authenticate(token, this.config.now());
    if (device) {
      this.lockout.succeed(address);
      return { ok: true, principal: { role: device.role, actor: device.id, deviceId: device.id, name: device.name, expiresAt: device.expiresAt } };
    }
    const nowLocked = this.lockout.fail(address);
    return { ok: false, error: nowLocked ? lockedOut(this.lockout.lockedFor(address)) : new AuthError('the engine refused this token') };
  }

  /** POST /pair: spends a code and registers the device; throws AuthError (bad code) or RateLimitError (locked out). */
  pair(code: string, deviceName: string, address: string): PairingResult {
    const locked = this.lockout.lockedFor(address);
    if (locked > 0) throw lockedOut(locked);
    const now = this.config.now();
    const result = this.codes.redeem(code, now, ({ role, deviceTtlSeconds }) => {
      const { device, token } = this.registry.create(deviceName, role, now, deviceTtlSeconds === null ? null : now + deviceTtlSeconds * 1000);
      return { deviceId: device.id, value: { token, deviceId: device.id, role, fingerprint: this.endpoint?.fingerprint ?? null } };
    });
    if (result === null) {
      if (this.lockout.fail(address)) throw lockedOut(this.lockout.lockedFor(address));
      throw new AuthError('this pairing code is wrong, used or expired; ask for a new one');
    }
    this.lockout.succeed(address);
    this.record({ actor: result.deviceId, role: result.role, method: 'pair', outcome: 'ok', detail: `device=${deviceName.slice(0, 64)}` });
    return result;
  }

  record(entry: AuditRecord): void {
    this.auditLog.record(entry, this.config.now());
  }

  whoami(context: CallContext): WhoAmIView {
    const device = FIXED_NAMES[context.actor] === undefined ? this.registry.find(context.actor) : null;
    return {
      deviceId: device?.id ?? null,
      name: device?.name ?? FIXED_NAMES[context.actor] ?? context.actor,
      role: context.role,
      transport: context.transport,
      allowed: allowedMethods(context.role),
    };
  }

  devices(): readonly DeviceView[] {
    return this.registry.list();
  }

  revoke(deviceId: string): DeviceView {
    const device = this.registry.revoke(deviceId, this.config.now());
    for (const listener of this.revokedListeners) listener(deviceId, 'this device was revoked');
    return device;
  }

  createPairingCode(role: Role, ttlSeconds: number, deviceTtlSeconds: number | null = null): PairingCodeView {
    const endpoint = this.endpoint;
    if (!endpoint) throw new ValidationError('pairing is offered by `stratus serve`; this engine does not listen for remote devices');
    const issued = this.codes.issue(role, ttlSeconds, this.config.now(), deviceTtlSeconds);
    return { ...issued, fingerprint: endpoint.fingerprint, pairingUrl: pairingUrl(endpoint, issued.code) };
  }

  audit(query: { readonly limit: number; readonly before?: number }): readonly AuthAuditEntryView[] {
    return this.auditLog.list(query);
  }
}

/** The web UI's address with the code (and the fingerprint to pin) in its fragment, which never reaches a server log. */
export function pairingUrl(endpoint: ServeEndpoint, code: string): string {
  const fingerprint = endpoint.fingerprint === null ? '' : `&fingerprint=${endpoint.fingerprint}`;
  return `${endpoint.baseUrl}#pair=${code}${fingerprint}`;
}

function lockedOut(ms: number): RateLimitError {
  return new RateLimitError(`too many failed attempts from this address; try again in ${Math.ceil(ms / 60_000)} min`);
}
