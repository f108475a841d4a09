import { beforeEach, describe, expect, it, vi } from 'vitest';

const fakes = vi.hoisted(() => {
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    readonly loaded: { readonly url?: string; readonly file?: string }[] = [];
    readonly onceListeners = new Map<string, () => void>();
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.created.push(this);
    }
    once(event: string, listener: () => void): this {
      this.onceListeners.set(event, listener);
      return this;
    }
    show(): void {
      this.shown = true;
    }
    loadURL(url: string): Promise<void> {
      this.loaded.push({ url });
      return Promise.resolve();
    }
    loadFile(file: string): Promise<void> {
      this.loaded.push({ file });
      return Promise.resolve();
    }
  }
  return { FakeBrowserWindow };
});

vi.mock('electron', () => ({ BrowserWindow: fakes.FakeBrowserWindow }));

import { createMainWindow, WINDOW_BACKGROUND } from './windows';

const options = {
  preloadPath: '/app/out/preload/index.cjs',
  devServerUrl: undefined,
  indexHtmlPath: '/app/out/renderer/index.html',
  devTools: false,
};

function onlyWindow(): InstanceType<typeof fakes.FakeBrowserWindow> {
  expect(fakes.FakeBrowserWindow.created).toHaveLength(1);
  const window = fakes.FakeBrowserWindow.created[0];
  if (!window) throw new Error('no window');
  return window;
}

describe('createMainWindow', () => {
  beforeEach(() => {
    fakes.FakeBrowserWindow.created.length = 0;
  });

  it('creates an isolated, sandboxed window without Node, with the preload set', () => {
    createMainWindow(options);
    const window = onlyWindow();
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('paints the dark background and shows the window only once it is ready', () => {
    createMainWindow(options);
    const window = onlyWindow();
    expect(window.options).toMatchObject({ backgroundColor: WINDOW_BACKGROUND, show: false });
    expect(WINDOW_BACKGROUND).toBe('#0b0e14');
    expect(window.shown).toBe(false);
    window.onceListeners.get('ready-to-show')?.();
    expect(window.shown).toBe(true);
  });

  it('loads the built renderer file without a dev server', () => {
    createMainWindow(options);
    expect(onlyWindow().loaded).toEqual([{ file: '/app/out/renderer/index.html' }]);
  });

  it('loads the dev server URL when there is one', () => {
    createMainWindow({ ...options, devServerUrl: 'http://localhost:5173', devTools: true });
    const window = onlyWindow();
    expect(window.loaded).toEqual([{ url: 'http://localhost:5173' }]);
    expect(window.options.webPreferences).toMatchObject({ devTools: true });
  });
});
