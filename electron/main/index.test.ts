import { beforeEach, describe, expect, it, vi } from 'vitest';

// A fresh fake Electron for every test: index.ts wires everything at import time.
const fakes = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');

  function createElectron(options: { gotLock: boolean }) {
    const app = Object.assign(new EventEmitter(), {
      isPackaged: false,
      quitCalls: 0,
      sandboxEnabled: false,
      requestSingleInstanceLock: () => options.gotLock,
      enableSandbox() {
        app.sandboxEnabled = true;
      },
      quit() {
        app.quitCalls += 1;
      },
      getPath: (name: string) => (name === 'userData' ? '/home/trader/.config/Stratus' : `/tmp/${name}`),
      getAppPath: () => '/repo',
      getVersion: () => '0.1.0',
      isReady: () => true,
      whenReady: () => Promise.resolve(),
    });

    const windows: FakeBrowserWindow[] = [];
    class FakeBrowserWindow extends EventEmitter {
      static getAllWindows = () => windows;
      focused = 0;
      constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
        super();
        windows.push(this);
      }
      loadURL = () => Promise.resolve();
      loadFile = () => Promise.resolve();
      show() {}
      isMinimized = () => false;
      restore() {}
      focus() {
        this.focused += 1;
      }
    }

    class FakeUtilityProcess extends EventEmitter {
      readonly posted: unknown[] = [];
      constructor(
        readonly modulePath: string,
        readonly forkOptions: { env?: Record<string, string> },
      ) {
        super();
      }
      postMessage(message: unknown) {
        this.posted.push(message);
      }
      kill = () => true;
    }
    const forked: FakeUtilityProcess[] = [];

    const notifications: FakeNotification[] = [];
    class FakeNotification extends EventEmitter {
      static isSupported = () => true;
      shown = false;
      constructor(readonly options: { title: string; body: string }) {
        super();
        notifications.push(this);
      }
      show() {
        this.shown = true;
      }
    }

    const permissions = { requestHandlerSet: false, checkHandlerSet: false, certificateVerifyProcSet: false };
    const ipcChannels: string[] = [];
    const module = {
      app,
      BrowserWindow: FakeBrowserWindow,
      session: {
        defaultSession: {
          setPermissionRequestHandler: () => {
            permissions.requestHandlerSet = true;
          },
          setPermissionCheckHandler: () => {
            permissions.checkHandlerSet = true;
          },
          setCertificateVerifyProc: () => {
            permissions.certificateVerifyProcSet = true;
          },
        },
      },
      shell: { openExternal: () => Promise.resolve() },
      Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => {} },
      ipcMain: {
        on: (channel: string) => ipcChannels.push(channel),
        handle: (channel: string) => ipcChannels.push(channel),
      },
      utilityProcess: {
        fork: (modulePath: string, _args: string[], forkOptions: { env?: Record<string, string> }) => {
          const child = new FakeUtilityProcess(modulePath, forkOptions);
          forked.push(child);
          return child;
        },
      },
      MessageChannelMain: class {
        port1 = {};
        port2 = {};
      },
      Notification: FakeNotification,
    };
    return { module, app, windows, forked, permissions, ipcChannels, notifications };
  }

  return { createElectron, current: null as ReturnType<typeof createElectron> | null };
});

// The mocked module is created once and may be cached across resetModules, so it delegates to the
// current test's fakes.
vi.mock('electron', () => {
  const current = () => {
    if (!fakes.current) throw new Error('no fake Electron for this test');
    return fakes.current.module;
  };
  return Object.fromEntries(
    ['app', 'BrowserWindow', 'session', 'shell', 'Menu', 'ipcMain', 'utilityProcess', 'MessageChannelMain', 'Notification'].map((name) => [
      name,
      // A function target so that `new BrowserWindow()` and `new MessageChannelMain()` work too.
      new Proxy(function fake() {}, {
        get: (_target, key) => Reflect.get(Reflect.get(current(), name), key),
        construct: (_target, args) => Reflect.construct(Reflect.get(current(), name), args),
      }),
    ]),
  );
});

async function startApp(gotLock = true) {
  vi.resetModules();
  const electron = fakes.createElectron({ gotLock });
  fakes.current = electron;
  await import('./index');
  // Let app.whenReady() settle.
  await new Promise((resolve) => setImmediate(resolve));
  return electron;
}

describe('desktop app lifecycle', () => {
  beforeEach(() => {
    fakes.current = null;
  });

  it('quits without a window or an engine when another instance holds the lock', async () => {
    const electron = await startApp(false);
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.forked).toHaveLength(0);
  });

  it('on ready starts the engine host, then opens a hardened window', async () => {
    const electron = await startApp();
    expect(electron.app.sandboxEnabled).toBe(true);
    // The pin rule for paired remote engines is on the session before any window can connect.
    expect(electron.permissions).toEqual({ requestHandlerSet: true, checkHandlerSet: true, certificateVerifyProcSet: true });
    expect(electron.ipcChannels.sort()).toEqual(['app:info', 'engine:request-port', 'remote:open-socket', 'remote:pair-device', 'shell:open-external']);

    expect(electron.forked).toHaveLength(1);
    const engine = electron.forked[0];
    expect(engine?.modulePath).toMatch(/engine-host\.js$/);
    expect(engine?.forkOptions.env?.STRATUS_DB_PATH).toBe('/home/trader/.config/Stratus/profiles/default/stratus.db');

    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0]?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  it('focuses the existing window when a second instance starts', async () => {
    const electron = await startApp();
    electron.app.emit('second-instance');
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0]?.focused).toBe(1);
  });

  it('holds quit until the engine has stopped, then quits', async () => {
    const electron = await startApp();
    const engine = electron.forked[0];
    if (!engine) throw new Error('engine not forked');
    engine.emit('message', { type: 'ready', engineId: 'engine-1' });

    const preventDefault = vi.fn();
    electron.app.emit('before-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalledTimes(1);
    expect(engine.posted).toEqual([{ type: 'shutdown' }]);
    expect(electron.app.quitCalls).toBe(0);

    engine.emit('message', { type: 'stopped' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.app.quitCalls).toBe(1);

    // The second before-quit (from that app.quit()) goes through.
    const second = vi.fn();
    electron.app.emit('before-quit', { preventDefault: second });
    expect(second).not.toHaveBeenCalled();
  });

  it("shows the engine's alerts as native notifications; a click focuses the main window", async () => {
    const electron = await startApp();
    const [engine] = electron.forked;
    engine!.emit('message', { type: 'notify', title: 'Kill switch: trading halted', body: 'ACTIVE → HALTED', severity: 'critical', tag: 'a1' });
    expect(electron.notifications.map((n) => [n.options.title, n.shown])).toEqual([['Kill switch: trading halted', true]]);
    const focusedBefore = electron.windows[0]!.focused;
    electron.notifications[0]!.emit('click');
    expect(electron.windows[0]!.focused).toBe(focusedBefore + 1);
  });
});
