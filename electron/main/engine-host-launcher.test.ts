import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fakes = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');

  class FakeUtilityProcess extends EventEmitter {
    readonly posted: { readonly message: unknown; readonly transfer: readonly unknown[] | undefined }[] = [];
    killed = false;
    constructor(
      readonly modulePath: string,
      readonly args: readonly string[],
      readonly options: Record<string, unknown>,
    ) {
      super();
    }
    postMessage(message: unknown, transfer?: unknown[]): void {
      this.posted.push({ message, transfer });
    }
    kill(): boolean {
      this.killed = true;
      return true;
    }
  }

  class FakePort {
    constructor(readonly name: string) {}
  }

  class FakeMessageChannelMain {
    static created: FakeMessageChannelMain[] = [];
    readonly port1 = new FakePort('port1');
    readonly port2 = new FakePort('port2');
    constructor() {
      FakeMessageChannelMain.created.push(this);
    }
  }

  const forked: FakeUtilityProcess[] = [];
  const utilityProcess = {
    fork: (modulePath: string, args: string[], options: Record<string, unknown>) => {
      const child = new FakeUtilityProcess(modulePath, args, options);
      forked.push(child);
      return child;
    },
  };
  return { forked, utilityProcess, FakeMessageChannelMain };
});

vi.mock('electron', () => ({ utilityProcess: fakes.utilityProcess, MessageChannelMain: fakes.FakeMessageChannelMain }));

import { IPC_CHANNELS } from '../shared/channels';
import { createEngineHostLauncher, engineEnvironment, type EngineHostLauncherOptions } from './engine-host-launcher';

class FakeWindow {
  destroyed = false;
  readonly received: { readonly channel: string; readonly message: unknown; readonly transfer: readonly unknown[] | undefined }[] = [];
  private readonly destroyedListeners: (() => void)[] = [];
  constructor(readonly id: number) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  postMessage(channel: string, message: unknown, transfer?: unknown[]): void {
    this.received.push({ channel, message, transfer });
  }
  once(_event: 'destroyed', listener: () => void): void {
    this.destroyedListeners.push(listener);
  }
  destroy(): void {
    this.destroyed = true;
    for (const listener of this.destroyedListeners) listener();
  }
}

let clock = 0;
const logged: string[] = [];

function launch(overrides: Partial<EngineHostLauncherOptions> = {}) {
  const launcher = createEngineHostLauncher({
    enginePath: '/app/out/main/engine-host.js',
    env: { STRATUS_DB_PATH: '/data/stratus.db' },
    restartDelayMs: (restart) => restart * 100,
    now: () => clock,
    log: (message) => logged.push(message),
    ...overrides,
  });
  launcher.start();
  return launcher;
}

function child(index: number) {
  const found = fakes.forked[index];
  if (!found) throw new Error(`engine process ${index} was not forked`);
  return found;
}

function channel(index: number) {
  const found = fakes.FakeMessageChannelMain.created[index];
  if (!found) throw new Error(`message channel ${index} was not created`);
  return found;
}

beforeEach(() => {
  vi.useFakeTimers();
  fakes.forked.length = 0;
  fakes.FakeMessageChannelMain.created.length = 0;
  logged.length = 0;
  clock = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('engine host launcher: start and ports', () => {
  it('forks the engine entry as a named utility process with the given environment', () => {
    const launcher = launch();
    expect(fakes.forked).toHaveLength(1);
    expect(child(0).modulePath).toBe('/app/out/main/engine-host.js');
    expect(child(0).args).toEqual([]);
    expect(child(0).options).toEqual({ serviceName: 'Stratus engine', env: { STRATUS_DB_PATH: '/data/stratus.db' } });
    expect(launcher.state()).toBe('starting');
  });

  it('holds a port request until the engine is ready, then wires a MessageChannelMain between them', () => {
    const launcher = launch();
    const window = new FakeWindow(7);
    launcher.connectWindow(window);
    expect(fakes.FakeMessageChannelMain.created).toHaveLength(0);
    expect(window.received).toEqual([]);

    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });

    expect(launcher.state()).toBe('ready');
    const { port1, port2 } = channel(0);
    expect(child(0).posted).toEqual([{ message: { type: 'connect-window', windowId: 7 }, transfer: [port1] }]);
    expect(window.received).toEqual([{ channel: IPC_CHANNELS.enginePort, message: null, transfer: [port2] }]);
  });

  it('gives each request of a ready engine its own channel', () => {
    const launcher = launch();
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    const window = new FakeWindow(1);
    launcher.connectWindow(window);
    launcher.connectWindow(window);
    expect(fakes.FakeMessageChannelMain.created).toHaveLength(2);
    expect(window.received.map((message) => message.transfer?.[0])).toEqual([channel(0).port2, channel(1).port2]);
    expect(child(0).posted.map((message) => message.transfer?.[0])).toEqual([channel(0).port1, channel(1).port1]);
  });

  it('ignores malformed engine messages', () => {
    const launcher = launch();
    child(0).emit('message', { type: 'ready' });
    child(0).emit('message', 'ready');
    expect(launcher.state()).toBe('starting');
  });

  it('sends no port to a window that was closed', () => {
    const launcher = launch();
    const window = new FakeWindow(2);
    launcher.connectWindow(window);
    window.destroy();
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    expect(fakes.FakeMessageChannelMain.created).toHaveLength(0);
    expect(window.received).toEqual([]);
  });
});

describe('engine host launcher: crashes', () => {
  it('restarts after an unexpected exit and hands connected windows a fresh port', () => {
    const launcher = launch();
    const window = new FakeWindow(4);
    launcher.connectWindow(window);
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });

    child(0).emit('exit', 1);
    expect(launcher.state()).toBe('restarting');
    vi.advanceTimersByTime(99);
    expect(fakes.forked).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fakes.forked).toHaveLength(2);

    child(1).emit('message', { type: 'ready', engineId: 'engine-2' });
    expect(child(1).posted).toEqual([{ message: { type: 'connect-window', windowId: 4 }, transfer: [channel(1).port1] }]);
    expect(window.received.at(-1)).toEqual({ channel: IPC_CHANNELS.enginePort, message: null, transfer: [channel(1).port2] });
  });

  it('backs off between restarts and gives up after the limit, telling the windows why', () => {
    const launcher = launch({ maxRestarts: 2 });
    const window = new FakeWindow(5);
    launcher.connectWindow(window);

    child(0).emit('exit', 1);
    vi.advanceTimersByTime(100);
    child(1).emit('exit', 1);
    vi.advanceTimersByTime(199);
    expect(fakes.forked).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(fakes.forked).toHaveLength(3);

    child(2).emit('exit', 1);
    expect(launcher.state()).toBe('failed');
    vi.advanceTimersByTime(60_000);
    expect(fakes.forked).toHaveLength(3);

    const failure = window.received.find((message) => message.channel === IPC_CHANNELS.engineFailed);
    expect(failure?.message).toEqual({ message: expect.stringContaining('after 2 restarts') });

    // A window that asks later learns the same.
    const late = new FakeWindow(6);
    launcher.connectWindow(late);
    expect(late.received).toEqual([{ channel: IPC_CHANNELS.engineFailed, message: failure?.message, transfer: undefined }]);
  });

  it('counts restarts afresh after the engine ran stably', () => {
    const launcher = launch({ maxRestarts: 1, stableAfterMs: 1_000 });
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    clock = 5_000;
    child(0).emit('exit', 1);
    vi.advanceTimersByTime(100);
    child(1).emit('message', { type: 'ready', engineId: 'engine-2' });
    clock = 10_000;
    child(1).emit('exit', 1);
    expect(launcher.state()).toBe('restarting');
    vi.advanceTimersByTime(100);
    expect(fakes.forked).toHaveLength(3);
  });

  it('does not restart an engine that reported a failed start, and stops that process', () => {
    const launcher = launch();
    const window = new FakeWindow(8);
    launcher.connectWindow(window);
    child(0).emit('message', { type: 'failed', message: 'migration 42 is missing' });

    expect(launcher.state()).toBe('failed');
    expect(child(0).killed).toBe(true);
    child(0).emit('exit', 1);
    vi.advanceTimersByTime(60_000);
    expect(fakes.forked).toHaveLength(1);
    expect(window.received).toEqual([
      { channel: IPC_CHANNELS.engineFailed, message: { message: expect.stringContaining('migration 42 is missing') }, transfer: undefined },
    ]);
  });
});

describe('engine host launcher: shutdown', () => {
  it("posts 'shutdown' and resolves when the engine reports 'stopped', without restarting it", async () => {
    const launcher = launch();
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });

    let stopped = false;
    const stopping = launcher.shutdown().then(() => {
      stopped = true;
    });
    expect(child(0).posted).toEqual([{ message: { type: 'shutdown' }, transfer: undefined }]);
    expect(launcher.state()).toBe('stopping');
    await Promise.resolve();
    expect(stopped).toBe(false);

    child(0).emit('message', { type: 'stopped' });
    await stopping;
    child(0).emit('exit', 0);
    vi.advanceTimersByTime(60_000);
    expect(launcher.state()).toBe('stopped');
    expect(fakes.forked).toHaveLength(1);
    expect(child(0).killed).toBe(false);
  });

  it('kills an engine that does not stop within the timeout', async () => {
    const launcher = launch({ shutdownTimeoutMs: 2_000 });
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    const stopping = launcher.shutdown();
    vi.advanceTimersByTime(1_999);
    expect(child(0).killed).toBe(false);
    vi.advanceTimersByTime(1);
    await stopping;
    expect(child(0).killed).toBe(true);
    expect(launcher.state()).toBe('stopped');
  });

  it('resolves when the engine exits instead of answering, and cancels a pending restart', async () => {
    const launcher = launch();
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    const stopping = launcher.shutdown();
    child(0).emit('exit', 0);
    await stopping;

    const other = launch();
    child(1).emit('exit', 1);
    await other.shutdown();
    vi.advanceTimersByTime(60_000);
    expect(fakes.forked).toHaveLength(2);
    expect(other.state()).toBe('stopped');
  });

  it('hands out no more ports once stopping', () => {
    const launcher = launch();
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    void launcher.shutdown();
    launcher.connectWindow(new FakeWindow(9));
    expect(fakes.FakeMessageChannelMain.created).toHaveLength(0);
  });
});

describe('engineEnvironment', () => {
  it('adds the database path and the Electron SQLite build only when that file exists', () => {
    const base = { PATH: '/usr/bin', UNSET: undefined };
    const withBinding = engineEnvironment({ base, databasePath: '/data/stratus.db', sqliteBindingPath: '/app/b.node', exists: () => true });
    expect(withBinding).toEqual({ PATH: '/usr/bin', STRATUS_DB_PATH: '/data/stratus.db', STRATUS_SQLITE_BINDING: '/app/b.node' });
    const without = engineEnvironment({ base, databasePath: '/data/stratus.db', sqliteBindingPath: '/app/b.node', exists: () => false });
    expect(without).toEqual({ PATH: '/usr/bin', STRATUS_DB_PATH: '/data/stratus.db' });
  });
});

describe('engine host launcher: the desktop secret store', () => {
  it("tells the engine that main keeps its keys, and answers the engine's requests for them", async () => {
    const asked: unknown[] = [];
    launch({
      secrets: async (request) => {
        asked.push(request);
        return { type: 'secret-reply', id: request.id, ok: true, value: 'stored' };
      },
    });
    expect(child(0).options.env).toMatchObject({ STRATUS_DESKTOP_SECRETS: '1' });
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    child(0).emit('message', { type: 'secret-request', id: 3, op: 'get', name: 'bybit' });
    await vi.waitFor(() => expect(child(0).posted.map((p) => p.message)).toContainEqual({ type: 'secret-reply', id: 3, ok: true, value: 'stored' }));
    expect(asked).toEqual([{ type: 'secret-request', id: 3, op: 'get', name: 'bybit' }]);
  });

  it('answers with a failure when no store is given or it throws, and ignores malformed requests', async () => {
    launch();
    expect(child(0).options.env).toEqual({ STRATUS_DB_PATH: '/data/stratus.db' });
    child(0).emit('message', { type: 'secret-request', id: 1, op: 'get', name: 'bybit' });
    await vi.waitFor(() => expect(child(0).posted.map((p) => p.message)).toContainEqual(expect.objectContaining({ type: 'secret-reply', id: 1, ok: false })));
    launch({ secrets: () => Promise.reject(new Error('keychain locked')) });
    child(1).emit('message', { type: 'secret-request', id: 2, op: 'set', name: 'bybit', value: 'x' });
    await vi.waitFor(() => expect(child(1).posted.map((p) => p.message)).toContainEqual({ type: 'secret-reply', id: 2, ok: false, error: 'keychain locked' }));
    child(1).emit('message', { type: 'secret-request', id: 'x', op: 'drop-table', name: 'bybit' });
    expect(logged).toContain('ignored a malformed message from the engine');
  });
});

describe('engine host launcher: desktop notifications', () => {
  it("passes the engine's well-formed notify messages to main's notifier and ignores malformed ones", () => {
    const shown: unknown[] = [];
    launch({ notify: (message) => shown.push(message) });
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    child(0).emit('message', { type: 'notify', title: 'Filled', body: 'buy 1 BTCUSDT', severity: 'info', tag: 'a1' });
    child(0).emit('message', { type: 'notify', title: 'x', body: 'y', severity: 'loud', tag: 'a2' });
    child(0).emit('message', { type: 'notify', title: 3, body: 'y', severity: 'info', tag: 'a3' });
    expect(shown).toEqual([{ type: 'notify', title: 'Filled', body: 'buy 1 BTCUSDT', severity: 'info', tag: 'a1' }]);
    expect(logged.filter((m) => m === 'ignored a malformed message from the engine')).toHaveLength(2);
  });

  it('drops notifications when main has no notifier', () => {
    launch();
    child(0).emit('message', { type: 'ready', engineId: 'engine-1' });
    expect(() => child(0).emit('message', { type: 'notify', title: 't', body: 'b', severity: 'critical', tag: 'a' })).not.toThrow();
  });
});
