import type { ConnectionState } from '../engine-client/engine-client';

export const BAD_TOKEN_MESSAGE = 'The engine refused this token. Check the token printed by `stratus serve`.';
export const REVOKED_MESSAGE = 'An admin revoked this device, so the engine closed the connection. To connect again, pair with a new code.';

/** What to tell the trader when a connection attempt ended badly, or null if it did not. */
export function connectionProblem(state: ConnectionState | null): string | null {
  if (!state) return null;
  if (state.status === 'refused') {
    const reason = state.reason;
    if (!reason || (reason.type === 'AuthError' && /refused this token/i.test(reason.message))) return BAD_TOKEN_MESSAGE;
    if (/revoked/i.test(reason.message)) return REVOKED_MESSAGE;
    return `The engine refused the connection: ${reason.message}`;
  }
  if (state.status === 'closed' && state.reason) return state.reason.message;
  return null;
}

/** Progress of an attempt that has not reached the engine yet, or null. */
export function connectionProgress(state: ConnectionState | null, where: string): string | null {
  if (!state) return null;
  if (state.status === 'connecting') return `Connecting to ${where}…`;
  if (state.status === 'reconnecting') {
    const seconds = state.retry ? Math.max(1, Math.round(state.retry.delayMs / 1000)) : null;
    const next = seconds === null ? 'Trying again…' : `Trying again in ${seconds} s (attempt ${state.retry?.attempt ?? 1}).`;
    return `Cannot reach the engine at ${where}. ${next}`;
  }
  return null;
}
