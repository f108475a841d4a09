/**
 * Runs the engine in an Electron utility process and hands each window a MessagePort to it. The engine
 * never runs in main: synchronous SQLite and model inference would freeze every window.
 */
import { MessageChannelMain, utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';
import {
  ENGINE_ENV,
  type ConnectWindowMessage,
  type EngineToMainMessage,
  type NotifyMessage,
  type SecretReplyMessage,
  type SecretRequestMessage,
  type ShutdownMessage,
} from '../../engine/hosts/utility-process-protocol';
import { IPC_CHANNELS, type EngineFailedPayload } from '../shared/channels';
import { errorMessage } from '../../engine/core/errors';

/** The little the launcher needs from a window's webContents. */
export type EnginePortReceiver = {
  readonly id: number;
  isDestroyed(): boolean;
  postMessage(channel: string, message: unknown, transfer?: MessagePortMain[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
};

export type EngineHostState = 'idle' | 'starting' | 'ready' | 'restarting' | 'failed' | 'stopping' | 'stopped';

export type EngineHostLauncherOptions = {
  readonly enginePath: string;
  readonly env: Readonly<Record<string, string>>;
  /** Consecutive unexpected exits that are restarted before the launcher gives up. */
  readonly maxRestarts?: number;
  /** Delay before the n-th consecutive restart (n starts at 1). */
  readonly restartDelayMs?: (restart: number) => number;
  /** An engine that ran this long before it crashed starts a fresh count of restarts. */
  readonly stableAfterMs?: number;
  /** How long the engine gets to stop cleanly (close the database) before it is killed. */
  readonly shutdownTimeoutMs?: number;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
  /** Answers the engine's requests for exchange keys (the desktop secret store); none: the engine uses its own. */
  readonly secrets?: (request: SecretRequestMessage) => Promise<SecretReplyMessage>;
  /** Shows an alert the engine raised as a native notification; none: alerts stay in the window. */
  readonly notify?: (notification: NotifyMessage) => void;
};

export type EngineHostLauncher = {
  /** Forks the engine; call once, after app 'ready'. */
  start(): void;
  /** Gives the window a port to the engine now, or as soon as the engine is ready (and again after a restart). */
  connectWindow(target: EnginePortReceiver): void;
  /** Asks the engine to stop and resolves when it has, or when it was killed after the timeout. */
  shutdown(): Promise<void>;
  state(): EngineHostState;
};

export const DEFAULT_MAX_RESTARTS = 3;

export function defaultRestartDelayMs(restart: number): number {
  return Math.min(1000 * 2 ** (restart - 1), 15_000);
}

/** The engine's environment: the app's own plus the profile database and, when built, Electron's SQLite addon. */
export function engineEnvironment(options: {
  readonly base: Readonly<Record<string, string | undefined>>;
  readonly databasePath: string;
  readonly sqliteBindingPath: string;
  readonly exists: (path: string) => boolean;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.base)) if (value !== undefined) env[key] = value;
  env[ENGINE_ENV.databasePath] = options.databasePath;
  // Without it the engine loads Node's build of better-sqlite3, fails, and reports why ('failed').
  if (options.exists(options.sqliteBindingPath)) env[ENGINE_ENV.sqliteBinding] = options.sqliteBindingPath;
  return env;
}

function isEngineMessage(value: unknown): value is EngineToMainMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type: unknown = Reflect.get(value, 'type');
  if (type === 'ready') return typeof Reflect.get(value, 'engineId') === 'string';
  if (type === 'failed') return typeof Reflect.get(value, 'message') === 'string';
  if (type === 'secret-request') {
    const op: unknown = Reflect.get(value, 'op');
    return typeof Reflect.get(value, 'id') === 'number' && typeof Reflect.get(value, 'name') === 'string' && (op === 'get' || op === 'set' || op === 'remove');
  }
  if (type === 'notify') {
    const severity: unknown = Reflect.get(value, 'severity');
    return (
      ['title', 'body', 'tag'].every((key) => typeof Reflect.get(value, key) === 'string') && (severity === 'info' || severity === 'warning' || severity === 'critical')
    );
  }
  return type === 'stopped';
}

export function createEngineHostLauncher(options: EngineHostLauncherOptions): EngineHostLauncher {
  const maxRestarts = options.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  const restartDelayMs = options.restartDelayMs ?? defaultRestartDelayMs;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.error(`Stratus engine host: ${message}`));

  let state: EngineHostState = 'idle';
  let child: UtilityProcess | null = null;
  let readyAt: number | null = null;
  let restarts = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let failure = '';
  let stopping: Promise<void> | null = null;
  let finishStopping: (() => void) | null = null;
  // Windows that asked for a port; each gets a fresh one whenever a (re)started engine becomes ready.
  const windows = new Map<number, EnginePortReceiver>();

  function sendPort(target: EnginePortReceiver): void {
    if (!child || target.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ type: 'connect-window', windowId: target.id } satisfies ConnectWindowMessage, [port1]);
    target.postMessage(IPC_CHANNELS.enginePort, null, [port2]);
  }

  function sendFailure(target: EnginePortReceiver): void {
    if (target.isDestroyed()) return;
    target.postMessage(IPC_CHANNELS.engineFailed, { message: failure } satisfies EngineFailedPayload);
  }

  function fail(message: string): void {
    log(message);
    state = 'failed';
    failure = message;
    const proc = child;
    child = null;
    proc?.kill();
    for (const target of windows.values()) sendFailure(target);
  }

  function spawn(): void {
    state = 'starting';
    readyAt = null;
    let proc: UtilityProcess;
    try {
      const env = options.secrets ? { ...options.env, [ENGINE_ENV.desktopSecrets]: '1' } : options.env;
      proc = utilityProcess.fork(options.enginePath, [], { serviceName: 'Stratus engine', env });
    } catch (error) {
      fail(`could not start the engine: ${errorMessage(error)}`);
      return;
    }
    child = proc;
    // Events of a process the launcher has already let go of (killed after 'failed') are stale.
    proc.on('message', (message: unknown) => {
      if (child === proc) onEngineMessage(proc, message);
    });
    proc.on('exit', (code: number) => {
      if (child === proc) onExit(code);
    });
    proc.on('error', (type: string, location: string) => log(`fatal error in the engine (${type} at ${location})`));
  }

  function onEngineMessage(proc: UtilityProcess, message: unknown): void {
    if (!isEngineMessage(message)) {
      log('ignored a malformed message from the engine');
      return;
    }
    if (message.type === 'secret-request') {
      const answer = options.secrets
        ? options.secrets(message).catch((error: unknown) => ({ type: 'secret-reply', id: message.id, ok: false, error: errorMessage(error) }) as const)
        : Promise.resolve({ type: 'secret-reply', id: message.id, ok: false, error: 'this desktop app keeps no secrets' } as const);
      void answer.then((reply) => {
        if (child === proc) proc.postMessage(reply satisfies SecretReplyMessage);
      });
    } else if (message.type === 'notify') {
      options.notify?.(message);
    } else if (message.type === 'stopped') {
      finishStopping?.();
    } else if (state === 'stopping') {
      return;
    } else if (message.type === 'ready') {
      state = 'ready';
      readyAt = now();
      for (const target of windows.values()) sendPort(target);
    } else {
      // A start-up failure (bad database, failed migration) would repeat on every restart.
      fail(`the engine could not start: ${message.message}`);
    }
  }

  function onExit(code: number): void {
    child = null;
    if (state === 'stopping') {
      finishStopping?.();
      return;
    }
    if (readyAt !== null && now() - readyAt >= stableAfterMs) restarts = 0;
    if (restarts >= maxRestarts) {
      fail(`the engine stopped unexpectedly (exit code ${code}) after ${restarts} restarts`);
      return;
    }
    restarts += 1;
    state = 'restarting';
    const delay = restartDelayMs(restarts);
    log(`the engine stopped unexpectedly (exit code ${code}); restart ${restarts} of ${maxRestarts} in ${delay} ms`);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      spawn();
    }, delay);
  }

  return {
    start() {
      if (state === 'idle') spawn();
    },

    connectWindow(target) {
      if (state === 'stopping' || state === 'stopped' || target.isDestroyed()) return;
      if (!windows.has(target.id)) {
        windows.set(target.id, target);
        target.once('destroyed', () => windows.delete(target.id));
      }
      if (state === 'ready') sendPort(target);
      else if (state === 'failed') sendFailure(target);
    },

    shutdown() {
      if (stopping) return stopping;
      if (restartTimer) {
        clearTimeout(restartTimer);
        restartTimer = null;
      }
      const proc = child;
      if (!proc) {
        state = 'stopped';
        stopping = Promise.resolve();
        return stopping;
      }
      state = 'stopping';
      stopping = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          log(`the engine did not stop within ${shutdownTimeoutMs} ms; killing it`);
          proc.kill();
          finishStopping?.();
        }, shutdownTimeoutMs);
        finishStopping = () => {
          finishStopping = null;
          clearTimeout(timer);
          child = null;
          state = 'stopped';
          resolve();
        };
      });
      proc.postMessage({ type: 'shutdown' } satisfies ShutdownMessage);
      return stopping;
    },

    state: () => state,
  };
}
