import type { AppInfo } from './channels';

/**
 * The API the preload exposes as `window.stratus`. Named functions only: the page never gets
 * ipcRenderer, so a compromised page can reach no channel beyond these.
 */
export type StratusDesktopApi = {
  /**
   * Asks main for a MessagePort to the engine. The port arrives as a window `message` event with
   * data `{ type: 'stratus:engine-port' }` and the port in `event.ports[0]`. It can arrive again
   * later (the engine restarted): the new port replaces the old one. If the engine cannot run, a
   * `{ type: 'stratus:engine-failed', message }` message arrives instead.
   */
  requestEnginePort(): void;
  /** Opens an http(s) link in the system browser; resolves false when the allowlist refuses it. */
  openExternal(url: string): Promise<boolean>;
  appInfo(): Promise<AppInfo>;
};
