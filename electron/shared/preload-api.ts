import type { AppInfo } from './channels';
import type { PairReply, PairRequest } from './pairing';

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
  /**
   * Exchanges a pairing code at a remote engine's `POST /pair`. Main makes the HTTPS request itself,
   * refuses a certificate other than the fingerprint named (or, with none named, pins the one it
   * sees), and from then on lets this window's connections to that host accept exactly that
   * certificate. A pinned engine that later presents another certificate is refused, and the page
   * gets a `{ type: 'stratus:certificate-refused', host, message }` window message.
   */
  pairDevice(request: PairRequest): Promise<PairReply>;
  /**
   * Asks main to open a remote engine's WebSocket (`wss://` only) for this window. Main checks the
   * engine's certificate against the pin of exactly that host:port before anything is sent, then relays
   * messages over a MessagePort that arrives as a window `message` event with data
   * `{ type: 'stratus:remote-socket', id }` (the `id` given here) and the port in `event.ports[0]`.
   */
  openRemoteSocket(url: string, id: string): void;
};
