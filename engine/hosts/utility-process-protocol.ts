/**
 * Messages between Electron's main process and the engine's utility process. Kept here, free of any
 * Electron import, so both sides share one definition.
 */

/** Sent by main with one MessagePort in `ports`: serve the engine API to a window over that port. */
export type ConnectWindowMessage = { readonly type: 'connect-window'; readonly windowId: number };

/** Sent by main before it quits: stop the kernel, close the database, then exit. */
export type ShutdownMessage = { readonly type: 'shutdown' };

/**
 * The desktop app's exchange keys live in main (Electron safeStorage can be reached only there): the
 * engine asks for them by name, main answers. Values cross only this private channel, never a window.
 */
export type SecretRequestMessage = {
  readonly type: 'secret-request';
  readonly id: number;
  readonly op: 'get' | 'set' | 'remove';
  readonly name: string;
  readonly value?: string;
};

export type SecretReplyMessage = {
  readonly type: 'secret-reply';
  readonly id: number;
  readonly ok: boolean;
  readonly value?: string;
  readonly removed?: boolean;
  /** Why the request failed (no keychain, undecryptable), in words; never a secret. */
  readonly error?: string;
};

/** An alert for the trader's desktop: main shows it as a native notification (the engine never imports Electron). */
export type NotifyMessage = {
  readonly type: 'notify';
  readonly title: string;
  readonly body: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly tag: string;
};

export type MainToEngineMessage = ConnectWindowMessage | ShutdownMessage | SecretReplyMessage;

/** Sent by the engine once its kernel runs, or when start-up failed (the reason is shown to the trader). */
export type EngineToMainMessage =
  | { readonly type: 'ready'; readonly engineId: string }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'stopped' }
  | SecretRequestMessage
  | NotifyMessage;

/** Environment variables main sets when it forks the engine. */
export const ENGINE_ENV = {
  databasePath: 'STRATUS_DB_PATH',
  /** Path of a better-sqlite3 addon built for Electron's ABI (Node's build cannot load there). */
  sqliteBinding: 'STRATUS_SQLITE_BINDING',
  /** "1" when main serves the engine's secret store (SecretRequestMessage). */
  desktopSecrets: 'STRATUS_DESKTOP_SECRETS',
} as const;
