import type { WhoAmIView } from '../engine-client/api-types';

const TITLES = {
  viewer: 'View only: this device can watch but not decide, cancel or halt',
  trader: 'Trader: this device can decide proposals, cancel orders and halt; settings need an admin',
  admin: 'Admin: this device can do everything, settings and devices included',
} as const;

/** Which role a remote connection has, beside the connection status; nothing for the desktop's own engine. */
export function RoleBadge({ identity, remote }: { readonly identity: WhoAmIView | null; readonly remote: boolean }) {
  if (!remote || !identity) return null;
  const who = identity.deviceId === null ? 'the engine’s shared token' : `device “${identity.name}”`;
  return (
    <span className={`role-badge role-badge-${identity.role}`} data-testid="role-badge" data-role={identity.role} title={`${TITLES[identity.role]} (${who})`}>
      {identity.role === 'viewer' ? 'VIEW ONLY' : identity.role.toUpperCase()}
    </span>
  );
}
