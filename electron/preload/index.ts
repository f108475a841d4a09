/**
 * Sandboxed preload: exposes `window.stratus` with named functions only, never ipcRenderer itself.
 * Built as CommonJS (index.cjs) because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_CHANNELS,
  WINDOW_MESSAGE_TYPES,
  type AppInfo,
  type CertificateRefusedWindowMessage,
  type EngineFailedPayload,
  type EngineFailedWindowMessage,
  type EnginePortWindowMessage,
  type RemoteSocketPayload,
  type RemoteSocketWindowMessage,
} from '../shared/channels';
import { certificateRefusedMessage, type CertificateRefusedPayload, type PairReply, type PairRequest } from '../shared/pairing';
import type { StratusDesktopApi } from '../shared/preload-api';

// A file:// page has the opaque origin 'null', which postMessage does not accept as a target origin.
function pageTargetOrigin(): string {
  const origin = window.location.origin;
  return origin === 'null' ? '*' : origin;
}

// MessagePorts cannot cross contextBridge (it clones values and would drop the port), so the port
// main sends here is handed to the page through window.postMessage, which transfers it.
ipcRenderer.on(IPC_CHANNELS.enginePort, (event) => {
  const port = event.ports[0];
  if (!port) return;
  window.postMessage({ type: WINDOW_MESSAGE_TYPES.enginePort } satisfies EnginePortWindowMessage, pageTargetOrigin(), [port]);
});

ipcRenderer.on(IPC_CHANNELS.engineFailed, (_event, payload: EngineFailedPayload) => {
  const message = typeof payload?.message === 'string' ? payload.message : 'The engine is not available';
  window.postMessage({ type: WINDOW_MESSAGE_TYPES.engineFailed, message } satisfies EngineFailedWindowMessage, pageTargetOrigin());
});

ipcRenderer.on(IPC_CHANNELS.certificateRefused, (_event, payload: CertificateRefusedPayload) => {
  if (typeof payload?.host !== 'string' || typeof payload.actual !== 'string') return;
  const message = certificateRefusedMessage({ host: payload.host, expected: Array.isArray(payload.expected) ? payload.expected : [], actual: payload.actual });
  window.postMessage({ type: WINDOW_MESSAGE_TYPES.certificateRefused, host: payload.host, message } satisfies CertificateRefusedWindowMessage, pageTargetOrigin());
});

ipcRenderer.on(IPC_CHANNELS.remoteSocket, (event, payload: RemoteSocketPayload) => {
  const port = event.ports[0];
  if (!port || typeof payload?.id !== 'string') return;
  window.postMessage({ type: WINDOW_MESSAGE_TYPES.remoteSocket, id: payload.id } satisfies RemoteSocketWindowMessage, pageTargetOrigin(), [port]);
});

// Only these four plain fields cross to main, whatever else the page put in the object.
function pairRequest(request: PairRequest): PairRequest {
  return {
    origin: String(request?.origin ?? ''),
    code: String(request?.code ?? ''),
    deviceName: String(request?.deviceName ?? ''),
    fingerprint: typeof request?.fingerprint === 'string' ? request.fingerprint : null,
  };
}

const api = {
  requestEnginePort: () => {
    ipcRenderer.send(IPC_CHANNELS.requestEnginePort);
  },
  openExternal: (url: string): Promise<boolean> => ipcRenderer.invoke(IPC_CHANNELS.openExternal, String(url)),
  appInfo: (): Promise<AppInfo> => ipcRenderer.invoke(IPC_CHANNELS.appInfo),
  pairDevice: (request: PairRequest): Promise<PairReply> => ipcRenderer.invoke(IPC_CHANNELS.pairDevice, pairRequest(request)),
  openRemoteSocket: (url: string, id: string) => {
    ipcRenderer.send(IPC_CHANNELS.openRemoteSocket, String(url), String(id));
  },
} satisfies StratusDesktopApi;

contextBridge.exposeInMainWorld('stratus', api);
