import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_CHANNELS, type AppInfo, type IpcInvokeContract } from '../shared/channels';
import type { PairReply } from '../shared/pairing';
import { isTrustedSender, type AppLocation } from './security';

export type IpcDependencies = {
  /** The app's own renderer: only its top frame may use these channels. */
  readonly location: AppLocation;
  readonly connectWindow: (contents: WebContents) => void;
  readonly openExternal: (url: unknown) => Promise<boolean>;
  readonly appInfo: () => AppInfo;
  /** Pairs with a remote engine and pins its certificate; the request is whatever the page sent, unchecked. */
  readonly pairDevice: (request: unknown) => Promise<PairReply>;
  /** Opens a remote engine's WebSocket for the window and hands it the relay port; url and id unchecked. */
  readonly openRemoteSocket: (contents: WebContents, url: unknown, id: unknown) => void;
};

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`Refused ${channel}: the sender is not the app's own page`);
    this.name = 'UntrustedSenderError';
  }
}

/** Registers the shell's IPC handlers, each checking its sender first; returns a function that removes them. */
export function registerIpcHandlers(deps: IpcDependencies): () => void {
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => isTrustedSender(event.senderFrame, deps.location);

  const onRequestEnginePort = (event: IpcMainEvent): void => {
    // A fire-and-forget message has nobody to reject to; an untrusted one is simply dropped.
    if (!trusted(event)) return;
    deps.connectWindow(event.sender);
  };
  ipcMain.on(IPC_CHANNELS.requestEnginePort, onRequestEnginePort);

  const onOpenRemoteSocket = (event: IpcMainEvent, url: unknown, id: unknown): void => {
    // Only the app's own page may have main connect anywhere with the pins.
    if (!trusted(event)) return;
    deps.openRemoteSocket(event.sender, url, id);
  };
  ipcMain.on(IPC_CHANNELS.openRemoteSocket, onOpenRemoteSocket);

  ipcMain.handle(IPC_CHANNELS.openExternal, (event, url: unknown): Promise<IpcInvokeContract['shell:open-external']['response']> => {
    if (!trusted(event)) throw new UntrustedSenderError(IPC_CHANNELS.openExternal);
    return deps.openExternal(url);
  });

  ipcMain.handle(IPC_CHANNELS.appInfo, (event): IpcInvokeContract['app:info']['response'] => {
    if (!trusted(event)) throw new UntrustedSenderError(IPC_CHANNELS.appInfo);
    return deps.appInfo();
  });

  ipcMain.handle(IPC_CHANNELS.pairDevice, (event, request: unknown): Promise<IpcInvokeContract['remote:pair-device']['response']> => {
    // Only the app's own page may make main send a pairing code anywhere and pin a certificate.
    if (!trusted(event)) throw new UntrustedSenderError(IPC_CHANNELS.pairDevice);
    return deps.pairDevice(request);
  });

  return () => {
    ipcMain.removeListener(IPC_CHANNELS.requestEnginePort, onRequestEnginePort);
    ipcMain.removeListener(IPC_CHANNELS.openRemoteSocket, onOpenRemoteSocket);
    ipcMain.removeHandler(IPC_CHANNELS.openExternal);
    ipcMain.removeHandler(IPC_CHANNELS.appInfo);
    ipcMain.removeHandler(IPC_CHANNELS.pairDevice);
  };
}
