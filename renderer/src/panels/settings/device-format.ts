import type { DeviceView } from '../../engine-client/api-types';

export type DeviceState = 'active' | 'revoked' | 'expired';

/** Whether a device can still connect: revoked wins over expired, since it was a decision. */
export function deviceState(device: Pick<DeviceView, 'revokedAt' | 'expiresAt'>, now: number): DeviceState {
  if (device.revokedAt !== null) return 'revoked';
  if (device.expiresAt !== null && device.expiresAt <= now) return 'expired';
  return 'active';
}

/** Date and time to the minute, local, for device and audit rows; a dash for never. */
export function formatWhen(ms: number | null): string {
  if (ms === null) return '—';
  const date = new Date(ms);
  const day = date.toLocaleDateString('en-CA');
  const time = date.toLocaleTimeString('en-GB', { hour12: false, hour: '2-digit', minute: '2-digit' });
  return `${day} ${time}`;
}

/** Active devices first (newest first within each group), so the ones that can still connect lead. */
export function sortDevices(devices: readonly DeviceView[], now: number): DeviceView[] {
  const rank: Record<DeviceState, number> = { active: 0, expired: 1, revoked: 2 };
  return [...devices].sort((a, b) => rank[deviceState(a, now)] - rank[deviceState(b, now)] || b.createdAt - a.createdAt);
}
