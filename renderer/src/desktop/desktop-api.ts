import type { StratusDesktopApi } from '../../../electron/shared/preload-api';

/**
 * The desktop app's preload API (`window.stratus`), or null in a plain browser. Read at the edge
 * and checked, so the rest of the renderer never assumes it is running inside Electron.
 */
export function desktopApi(host: object = window): StratusDesktopApi | null {
  const candidate: unknown = Reflect.get(host, 'stratus');
  if (!isDesktopApi(candidate)) return null;
  return candidate;
}

function isDesktopApi(value: unknown): value is StratusDesktopApi {
  return typeof value === 'object' && value !== null && 'requestEnginePort' in value && typeof value.requestEnginePort === 'function';
}
