import type { z } from 'zod';
import type { Role } from './auth/roles';

/** The caller's identity and the connection a call arrived on, for role checks and the audit log. */
export type CallContext = {
  readonly connectionId: string;
  readonly transport: 'message-port' | 'websocket' | 'in-process';
  readonly role: Role;
  /** Who acts: a paired device's id, 'local' (the desktop window), 'cli', or 'serve-token' (the shared serve token). */
  readonly actor: string;
  /** The paired device's name when a paired device calls (absent for the window, the CLI and the serve token). */
  readonly deviceName?: string;
};

export type Handler<Schema extends z.ZodType, Result> = {
  readonly input: Schema;
  readonly handle: (params: z.output<Schema>, context: CallContext) => Result | Promise<Result>;
};

/** One typed API method: the schema that validates its input at the transport edge, and its handler. */
export function defineHandler<Schema extends z.ZodType, Result>(
  input: Schema,
  handle: (params: z.output<Schema>, context: CallContext) => Result | Promise<Result>,
): Handler<Schema, Result> {
  return { input, handle };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map of handlers with unrelated schemas and results
export type HandlerMap = Record<string, Handler<any, unknown>>;

/** Merges per-domain handler maps; a name defined twice is a programming error and throws. */
export function mergeHandlers<Maps extends HandlerMap[]>(...maps: Maps): UnionToIntersection<Maps[number]> {
  const merged: HandlerMap = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (name in merged) throw new Error(`API method "${name}" is registered twice`);
      merged[name] = handler;
    }
  }
  return merged as UnionToIntersection<Maps[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
