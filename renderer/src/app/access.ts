import type { ApiMethod, Role, WhoAmIView } from '../engine-client/api-types';
import { useConnection } from './stores-context';

/** What this connection may do, from the role the engine gave it. */
export type Access = {
  /** Null until the engine says (and with an engine that has no roles): the engine still checks every call. */
  readonly role: Role | null;
  /** Approve, reject, modify, snooze, cancel orders, the kill switch. */
  readonly canTrade: boolean;
  /** Settings, keys, devices, pairing. */
  readonly canAdmin: boolean;
};

export const VIEW_ONLY_HINT = 'View only: this device is paired as a viewer and cannot decide, cancel or halt.';
/** For the engine-changing controls beyond trading (streams, downloads, strategies): a viewer only watches. */
export const WATCH_ONLY_HINT = 'View only: a viewer device watches what the engine does and cannot change it.';
export const ADMIN_ONLY_HINT = 'Only an admin device can change these settings; this one can look but not change.';

export function accessOf(identity: Pick<WhoAmIView, 'role'> | null): Access {
  const role = identity?.role ?? null;
  return { role, canTrade: role !== 'viewer', canAdmin: role === null || role === 'admin' };
}

/** The access of the window's connection; re-renders when the engine's answer arrives. */
export function useAccess(): Access {
  const role = useConnection((state) => state.identity?.role ?? null);
  return accessOf(role === null ? null : { role });
}

/** Whether a control that calls one API method is usable, and if not, the hint its title shows. */
export type Can = { readonly allowed: boolean; readonly hint: string | undefined };

const ALLOWED: Can = { allowed: true, hint: undefined };
/** The decisions VIEW_ONLY_HINT speaks of (decide, cancel, halt); other refusals of a viewer read as watching only. */
const DECISIONS = /^(approvals\.(approve|reject|modify|snooze)|orders\.cancel|risk\.(kill|resume))$/;

/**
 * Whether this connection's role may call `method`, by the engine's own method-role table (the
 * `allowed` list of `auth.whoami`), so that a control is disabled exactly when the engine would refuse it.
 * Before the engine answers, everything is allowed and the engine decides.
 */
export function canCall(identity: Pick<WhoAmIView, 'role' | 'allowed'> | null, method: ApiMethod): Can {
  if (identity === null || identity.allowed.includes(method)) return ALLOWED;
  if (identity.role !== 'viewer') return { allowed: false, hint: ADMIN_ONLY_HINT };
  return { allowed: false, hint: DECISIONS.test(method) ? VIEW_ONLY_HINT : WATCH_ONLY_HINT };
}

/** canCall for the window's connection; re-renders when the engine's answer arrives. */
export function useCan(method: ApiMethod): Can {
  const identity = useConnection((state) => state.identity);
  return canCall(identity, method);
}
