import {
  interpretPairResponse,
  pairRequestProblem,
  type PairReply,
  type PairRequest,
} from '../../../electron/shared/pairing';
import type { StratusDesktopApi } from '../../../electron/shared/preload-api';

/** Exchanges a pairing code for a device token. Never throws: every failure is a reply saying why. */
export type PairDevice = (request: PairRequest) => Promise<PairReply>;

/** How long a pairing request may take before the engine counts as unreachable. */
export const PAIR_TIMEOUT_MS = 15_000;

/**
 * In a plain browser the request is an ordinary fetch: the browser checks the certificate itself, so
 * no fingerprint can be pinned here (the desktop app pins it in main, see electron/main/remote-pairing.ts).
 */
export function browserPairDevice(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): PairDevice {
  return async (request) => {
    const problem = pairRequestProblem(request);
    if (problem) return { ok: false, kind: 'invalid', message: problem };
    let response: Response;
    try {
      response = await fetchImpl(`${request.origin}/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: request.code.trim(), deviceName: request.deviceName.trim() }),
        signal: AbortSignal.timeout(PAIR_TIMEOUT_MS),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      return { ok: false, kind: 'unreachable', message: unreachableMessage(request.origin, error) };
    }
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // A reply that is not JSON is judged by its status alone.
    }
    return interpretPairResponse(response.status, body, null);
  };
}

/** Pairing through main in the desktop app (certificate pinned), or with fetch in a browser. */
export function pairDeviceFor(desktop: StratusDesktopApi | null): PairDevice {
  if (desktop && typeof desktop.pairDevice === 'function') {
    return (request) =>
      desktop
        .pairDevice(request).catch((error: unknown) => ({ ok: false, kind: 'unreachable', message: unreachableMessage(request.origin, error) }) as const);
  }
  return browserPairDevice();
}

export function unreachableMessage(origin: string, error: unknown): string {
  const host = hostOf(origin);
  const why = error instanceof Error && error.name === 'TimeoutError' ? 'it did not answer in time' : 'the request did not get through';
  return `Cannot reach the engine at ${host}: ${why}. Check the address, that \`stratus serve\` is running there, and that this browser trusts its certificate.`;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}
