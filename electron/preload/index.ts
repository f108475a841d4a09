/**
 * Sandboxed preload: exposes `window.stratus` with named functions only, never ipcRenderer itself.
 * Built as CommonJS (index.cjs) because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_CHANNELS,
  WINDOW_MESSAGE_TYPES,
  type AppInfo,
  type EngineFailedPayload,
  type EngineFailedWindowMessage,
  type EnginePortWindowMessage,
} from '../shared/channels';
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

const api = {
  requestEnginePort: () => {
    ipcRenderer.send(IPC_CHANNELS.requestEnginePort);
  },
  openExternal: (url: string): Promise<boolean> => ipcRenderer.invoke(IPC_CHANNELS.openExternal, String(url)),
  appInfo: (): Promise<AppInfo> => ipcRenderer.invoke(IPC_CHANNELS.appInfo),
} satisfies StratusDesktopApi;

contextBridge.exposeInMainWorld('stratus', api);
