/**
 * Who may do what over the API. Each role includes everything the roles below it may do:
 * viewer reads and subscribes; trader also decides proposals, cancels orders, pulls the kill switch
 * and runs backtests; admin also changes mode, limits, sizing, keys, devices, pairing and settings.
 */
export const ROLES = ['viewer', 'trader', 'admin'] as const;

export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };

/** True when `held` is at least `required`. */
export function roleAllows(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
