import { beforeEach, describe, expect, it, vi } from 'vitest';

const fakes = vi.hoisted(() => {
  type Listener = (event: unknown, ...args: unknown[]) => unknown;
  const listeners = new Map<string, Listener>();
  const handlers = new Map<string, Listener>();
  const ipcMain = {
    on: (channel: string, listener: Listener) => listeners.set(channel, listener),
    handle: (channel: string, handler: Listener) => handlers.set(channel, handler),
    removeListener: (channel: string) => listeners.delete(channel),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  return { listeners, handlers, ipcMain };
});

vi.mock('electron', () => ({ ipcMain: fakes.ipcMain }));

import { IPC_CHANNELS } from '../shared/channels';
import { registerIpcHandlers, UntrustedSenderError } from './ipc';
import { resolveAppLocation } from './security';

const location = resolveAppLocation({ devServerUrl: undefined, isPackaged: true, rendererDir: '/opt/Stratus/out/renderer' });
const appFrame = { url: 'file:///opt/Stratus/out/renderer/index.html', parent: null };
const foreignFrame = { url: 'https://evil.example/', parent: null };
const appSubframe = { url: 'file:///opt/Stratus/out/renderer/index.html', parent: appFrame };
const sender = { id: 3 };

function ipcEvent(senderFrame: unknown): { sender: typeof sender; senderFrame: unknown } {
  return { sender, senderFrame };
}

const paired = { ok: true, token: 'device-token', deviceId: 'dev-1', role: 'viewer', fingerprint: null } as const;

function registered(): {
  connectWindow: ReturnType<typeof vi.fn>;
  openExternal: ReturnType<typeof vi.fn>;
  pairDevice: ReturnType<typeof vi.fn>;
  openRemoteSocket: ReturnType<typeof vi.fn>;
  unregister: () => void;
} {
  const connectWindow = vi.fn();
  const openExternal = vi.fn(async () => true);
  const pairDevice = vi.fn(async () => paired);
  const openRemoteSocket = vi.fn();
  const unregister = registerIpcHandlers({
    location,
    connectWindow,
    openExternal,
    appInfo: () => ({ version: '1.2.3', platform: 'linux' }),
    pairDevice,
    openRemoteSocket,
  });
  return { connectWindow, openExternal, pairDevice, openRemoteSocket, unregister };
}

function listener(channel: string): (event: unknown, ...args: unknown[]) => unknown {
  const found = fakes.listeners.get(channel) ?? fakes.handlers.get(channel);
  if (!found) throw new Error(`nothing registered on ${channel}`);
  return found;
}

describe('registerIpcHandlers', () => {
  beforeEach(() => {
    fakes.listeners.clear();
    fakes.handlers.clear();
  });

  it('connects the requesting window to the engine when the app page asks', () => {
    const { connectWindow } = registered();
    listener(IPC_CHANNELS.requestEnginePort)(ipcEvent(appFrame));
    expect(connectWindow).toHaveBeenCalledWith(sender);
  });

  it('drops an engine port request from a foreign page or a subframe', () => {
    const { connectWindow } = registered();
    listener(IPC_CHANNELS.requestEnginePort)(ipcEvent(foreignFrame));
    listener(IPC_CHANNELS.requestEnginePort)(ipcEvent(appSubframe));
    listener(IPC_CHANNELS.requestEnginePort)(ipcEvent(null));
    expect(connectWindow).not.toHaveBeenCalled();
  });

  it('rejects shell:open-external from a foreign sender frame without opening anything', async () => {
    const { openExternal } = registered();
    const handler = listener(IPC_CHANNELS.openExternal);
    expect(() => handler(ipcEvent(foreignFrame), 'https://stratus.dev/')).toThrow(UntrustedSenderError);
    expect(openExternal).not.toHaveBeenCalled();
    await expect(handler(ipcEvent(appFrame), 'https://stratus.dev/')).resolves.toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://stratus.dev/');
  });

  it('answers app:info only to the app page', () => {
    registered();
    const handler = listener(IPC_CHANNELS.appInfo);
    expect(handler(ipcEvent(appFrame))).toEqual({ version: '1.2.3', platform: 'linux' });
    expect(() => handler(ipcEvent(foreignFrame))).toThrow(UntrustedSenderError);
  });

  it('pairs only for the app page: a foreign page or a subframe cannot make main send a code or pin a certificate', async () => {
    const { pairDevice } = registered();
    const handler = listener(IPC_CHANNELS.pairDevice);
    const request = { origin: 'https://engine.example:7420', code: 'ABCD-EFGH', deviceName: 'laptop', fingerprint: null };
    expect(() => handler(ipcEvent(foreignFrame), request)).toThrow(UntrustedSenderError);
    expect(() => handler(ipcEvent(appSubframe), request)).toThrow(UntrustedSenderError);
    expect(() => handler(ipcEvent(null), request)).toThrow(UntrustedSenderError);
    expect(pairDevice).not.toHaveBeenCalled();
    await expect(handler(ipcEvent(appFrame), request)).resolves.toEqual(paired);
    expect(pairDevice).toHaveBeenCalledWith(request);
  });

  it('opens a remote engine socket only for the app page', () => {
    const { openRemoteSocket } = registered();
    const handler = listener(IPC_CHANNELS.openRemoteSocket);
    handler(ipcEvent(foreignFrame), 'wss://engine.example:7420/api', 'r1');
    handler(ipcEvent(appSubframe), 'wss://engine.example:7420/api', 'r1');
    handler(ipcEvent(null), 'wss://engine.example:7420/api', 'r1');
    expect(openRemoteSocket).not.toHaveBeenCalled();
    handler(ipcEvent(appFrame), 'wss://engine.example:7420/api', 'r2');
    expect(openRemoteSocket).toHaveBeenCalledWith(sender, 'wss://engine.example:7420/api', 'r2');
  });

  it('removes every handler it registered', () => {
    const { unregister } = registered();
    expect(fakes.listeners.size + fakes.handlers.size).toBe(5);
    unregister();
    expect(fakes.listeners.size + fakes.handlers.size).toBe(0);
  });
});
