/**
 * IPC channel names and payload types shared by main and the preload. No Electron import here: the
 * renderer may read these types too, and electron/shared must stay plain data.
 */
import type { PairReply, PairRequest } from './pairing';

export const IPC_CHANNELS = {
  /** Renderer → main (send): "give this window a MessagePort to the engine". */
  requestEnginePort: 'engine:request-port',
  /** Main → renderer (webContents.postMessage): carries one MessagePort in `ports`, no payload. */
  enginePort: 'engine:port',
  /** Main → renderer: the engine could not start or kept crashing; payload {@link EngineFailedPayload}. */
  engineFailed: 'engine:failed',
  /** Renderer → main (invoke): open a URL in the system browser, if the allowlist permits it. */
  openExternal: 'shell:open-external',
  /** Renderer → main (invoke): version and platform of the desktop app. */
  appInfo: 'app:info',
  /** Renderer → main (invoke): exchange a pairing code at a remote engine, pinning its certificate; {@link PairRequest} → {@link PairReply}. */
  pairDevice: 'remote:pair-device',
  /** Main → renderer: a pinned engine presented another certificate; payload {@link CertificateRefusedPayload}. */
  certificateRefused: 'remote:certificate-refused',
  /** Renderer → main (send): open a WebSocket to a remote engine for this window; payload (url, id). */
  openRemoteSocket: 'remote:open-socket',
  /** Main → renderer (webContents.postMessage): the relay port of that socket in `ports`, payload {@link RemoteSocketPayload}. */
  remoteSocket: 'remote:socket',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

export type AppInfo = {
  readonly version: string;
  /** `process.platform` of the main process ('darwin', 'linux', 'win32', …). */
  readonly platform: string;
};

export type EngineFailedPayload = { readonly message: string };

/** Which `openRemoteSocket` request a relay port answers. */
export type RemoteSocketPayload = { readonly id: string };

/** Request and response of each invoke channel, so both ends type the same contract. */
export type IpcInvokeContract = {
  readonly 'shell:open-external': { readonly request: string; readonly response: boolean };
  readonly 'app:info': { readonly request: undefined; readonly response: AppInfo };
  readonly 'remote:pair-device': { readonly request: PairRequest; readonly response: PairReply };
};

/**
 * What the preload posts to the page with `window.postMessage`. The engine port message carries the
 * MessagePort in `event.ports[0]`; a page must also check `event.source === window`, since frames can
 * post messages too.
 */
export const WINDOW_MESSAGE_TYPES = {
  enginePort: 'stratus:engine-port',
  engineFailed: 'stratus:engine-failed',
  certificateRefused: 'stratus:certificate-refused',
  remoteSocket: 'stratus:remote-socket',
} as const;

export type EnginePortWindowMessage = { readonly type: typeof WINDOW_MESSAGE_TYPES.enginePort };
export type EngineFailedWindowMessage = { readonly type: typeof WINDOW_MESSAGE_TYPES.engineFailed; readonly message: string };
/** A pinned engine at `host` presented a certificate other than the pinned one; the connection was refused. */
export type CertificateRefusedWindowMessage = { readonly type: typeof WINDOW_MESSAGE_TYPES.certificateRefused; readonly host: string; readonly message: string };
/** The relay port of a remote engine's WebSocket (`id` as the page gave it) in `event.ports[0]`. */
export type RemoteSocketWindowMessage = { readonly type: typeof WINDOW_MESSAGE_TYPES.remoteSocket; readonly id: string };
export type StratusWindowMessage = EnginePortWindowMessage | EngineFailedWindowMessage | CertificateRefusedWindowMessage | RemoteSocketWindowMessage;
