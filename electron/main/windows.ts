import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

export const WINDOW_BACKGROUND = '#0b0e14';

export type MainWindowOptions = {
  readonly preloadPath: string;
  /** electron-vite's dev server URL; only set when unpackaged (see resolveAppLocation). */
  readonly devServerUrl: string | undefined;
  readonly indexHtmlPath: string;
  readonly devTools: boolean;
};

export function mainWindowConstructorOptions(options: Pick<MainWindowOptions, 'preloadPath' | 'devTools'>): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Stratus',
    // Matches the renderer's background so the window does not flash white while it loads.
    backgroundColor: WINDOW_BACKGROUND,
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: options.devTools,
      spellcheck: false,
    },
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowConstructorOptions(options));
  window.once('ready-to-show', () => window.show());
  const loading = options.devServerUrl ? window.loadURL(options.devServerUrl) : window.loadFile(options.indexHtmlPath);
  // A failed load leaves the dark window empty; say why in the log rather than as an unhandled rejection.
  loading.catch((error: unknown) => console.error('Stratus: the window could not load the renderer', error));
  return window;
}
