import { z } from 'zod';
import { ROLES, type Role } from '../auth/roles';
import type { AuthAuditEntryView, DeviceView, PairingCodeView, WhoAmIView } from '../auth/auth-views';
import { defineHandler, type CallContext } from '../define-handler';

/** What the auth API needs from the engine's device registry, pairing codes and audit log. */
export type AuthPort = {
  whoami(context: CallContext): WhoAmIView;
  devices(): readonly DeviceView[];
  /** Revokes a device and closes its live connections at once. */
  revoke(deviceId: string): DeviceView;
  /** `deviceTtlSeconds`: the paired device's token expires that long after pairing (null: until revoked). */
  createPairingCode(role: Role, ttlSeconds: number, deviceTtlSeconds?: number | null): PairingCodeView;
  audit(query: { readonly limit: number; readonly before?: number }): readonly AuthAuditEntryView[];
};

/** Pairing codes live minutes, not days: a code is a short secret typed by hand. */
export const DEFAULT_PAIRING_TTL_SECONDS = 600;
export const MAX_PAIRING_TTL_SECONDS = 3_600;

const deviceId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'device ids are letters, digits, - or _');

export function createAuthHandlers(port: AuthPort) {
  return {
    'auth.whoami': defineHandler(z.object({}).strict(), (_params, context) => port.whoami(context)),
    'auth.devices': defineHandler(z.object({}).strict(), () => port.devices()),
    'auth.revoke': defineHandler(z.object({ deviceId }).strict(), ({ deviceId: id }) => port.revoke(id)),
    'auth.createPairingCode': defineHandler(
      z
        .object({
          role: z.enum(ROLES),
          ttlSeconds: z.number().int().min(30).max(MAX_PAIRING_TTL_SECONDS).default(DEFAULT_PAIRING_TTL_SECONDS),
          /** Optional: the paired device's token expires after this many days. */
          deviceTtlDays: z.number().int().min(1).max(3_650).optional(),
        })
        .strict(),
      ({ role, ttlSeconds, deviceTtlDays }) => port.createPairingCode(role, ttlSeconds, deviceTtlDays === undefined ? null : deviceTtlDays * 86_400),
    ),
    'auth.audit': defineHandler(
      z.object({ limit: z.number().int().positive().max(1_000).default(100), before: z.number().int().positive().optional() }).strict(),
      ({ limit, before }) => port.audit(before === undefined ? { limit } : { limit, before }),
    ),
  };
}

export type AuthHandlers = ReturnType<typeof createAuthHandlers>;
