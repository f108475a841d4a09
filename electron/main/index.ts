/**
 * Electron main entry. Thin on purpose: windows, menu, lifecycle and the engine's utility process;
 * no trading logic lives here (the engine owns it, and runs the same under `stratus serve`).
 */
import { app, BrowserWindow, MessageChannelMain, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IPC_CHANNELS, type RemoteSocketPayload } from '../shared/channels';
import type { CertificateRefusedPayload } from '../shared/pairing';
import { createFilePinStore, installCertificatePins } from './certificate-pins';
import { fileURLToPath } from 'node:url';
import { createDesktopNotifications } from './desktop-notifications';
import { createEngineHostLauncher, engineEnvironment } from './engine-host-launcher';
import { DOCS_URL, externalLinkAllowlist } from './external-links';
import { registerIpcHandlers } from './ipc';
import { installApplicationMenu } from './menu';
import { resolveDesktopPaths } from './paths';
import { pairRemoteDevice } from './remote-pairing';
import { mainRelayPort, relayRemoteSocket } from './remote-socket-relay';
import { answerSecretRequest, createDesktopSecretStore } from './safe-storage-secrets';
import { denyAllPermissions, hardenWebContents, openExternalIfAllowed, resolveAppLocation } from './security';
import { createMainWindow } from './windows';

function run(): void {
  // A second copy would open the same profile database and trade the same account twice.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Sandbox every renderer, including any the app did not mean to create.
  app.enableSandbox();

  const isDev = !app.isPackaged;
  const paths = resolveDesktopPaths({
    mainDir: dirname(fileURLToPath(import.meta.url)),
    userDataDir: app.getPath('userData'),
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    isPackaged: app.isPackaged,
  });
  const devServerUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
  const location = resolveAppLocation({ devServerUrl, isPackaged: app.isPackaged, rendererDir: paths.rendererDir });
  const systemOpen = (url: string): Promise<void> => shell.openExternal(url);
  const openExternal = (url: unknown): Promise<boolean> => openExternalIfAllowed(url, externalLinkAllowlist, systemOpen);

  // Exchange keys stay in main, encrypted with Electron safeStorage; the engine asks for them by message.
  const desktopSecrets = createDesktopSecretStore(app.getPath('userData'));
  // Alerts the engine raises appear as native notifications; a click brings the window forward.
  const notifications = createDesktopNotifications(() => showMainWindow());
  const launcher = createEngineHostLauncher({
    enginePath: paths.enginePath,
    secrets: (request) => answerSecretRequest(desktopSecrets, request),
    notify: (message) => void notifications.show(message),
    env: engineEnvironment({
      base: process.env,
      databasePath: paths.databasePath,
      sqliteBindingPath: paths.sqliteBindingPath,
      exists: existsSync,
    }),
  });

  // Certificates of remote engines, pinned when this device paired with them.
  const pins = createFilePinStore(join(app.getPath('userData'), 'certificate-pins.json'));

  let mainWindow: BrowserWindow | null = null;
  const showMainWindow = (): void => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
      return;
    }
    const window = createMainWindow({ preloadPath: paths.preloadPath, devServerUrl, indexHtmlPath: paths.indexHtmlPath, devTools: isDev });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { location, allowlist: externalLinkAllowlist, openExternal: systemOpen });
  });
  app.on('second-instance', () => {
    if (app.isReady()) showMainWindow();
  });

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    const tellRefused = (refused: CertificateRefusedPayload): void => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_CHANNELS.certificateRefused, refused);
    };
    installCertificatePins(session.defaultSession, pins, tellRefused);
    registerIpcHandlers({
      location,
      connectWindow: (contents) => launcher.connectWindow(contents),
      openExternal,
      appInfo: () => ({ version: app.getVersion(), platform: process.platform }),
      pairDevice: (request) => pairRemoteDevice(request, { pins }),
      openRemoteSocket: (contents, url, id) => {
        if (typeof id !== 'string' || id.length > 64) return;
        const { port1, port2 } = new MessageChannelMain();
        relayRemoteSocket(url, mainRelayPort(port1), { pins, onRefused: tellRefused });
        contents.postMessage(IPC_CHANNELS.remoteSocket, { id } satisfies RemoteSocketPayload, [port2]);
      },
    });
    installApplicationMenu({ isDev, platform: process.platform, openDocs: () => void openExternal(DOCS_URL) });
    launcher.start();
    showMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit waits for the engine to stop the kernel and close the database, so no write is cut off.
  let engineStopped = false;
  app.on('before-quit', (event) => {
    if (engineStopped) return;
    event.preventDefault();
    void launcher.shutdown().finally(() => {
      if (engineStopped) return;
      engineStopped = true;
      app.quit();
    });
  });
}

run();
