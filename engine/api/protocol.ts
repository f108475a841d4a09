import { z } from 'zod';
import type { Rejection } from '../core/errors';

/**
 * The wire protocol shared by both transports. Over a MessagePort the messages travel by structured
 * clone, over WebSocket as JSON text; their shape is the same.
 */
export const PROTOCOL_VERSION = 1;

/** Largest message a client may send over WebSocket; larger frames close the socket. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

const requestId = z.number().int().nonnegative();
const streamName = z.string().min(1).max(100);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().max(512), protocol: z.number().int() }).strict(),
  z.object({ type: z.literal('call'), id: requestId, method: z.string().min(1).max(100), params: z.unknown() }).strict(),
  z
    .object({
      type: z.literal('subscribe'),
      /** For each stream, the last sequence number the client has seen, or null to start from now. */
      streams: z.record(streamName, z.number().int().nonnegative().nullable()),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe'), streams: z.array(streamName).max(100) }).strict(),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type EventEnvelope = { type: 'event'; stream: string; seq: number; payload: unknown };

export type ServerMessage =
  | { type: 'welcome'; protocol: number; engineId: string }
  | { type: 'refused'; reason: Rejection }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number | null; error: Rejection }
  | { type: 'subscribed'; streams: Record<string, number> }
  /** The engine no longer holds every event after `after`: the client must reload that stream's state. */
  | { type: 'gap'; stream: string; after: number; resumedAt: number }
  | EventEnvelope;

/** Close codes the WebSocket transport uses, in the 4000–4999 range reserved for applications. */
export const CLOSE_CODES = {
  authFailed: 4401,
  authTimeout: 4408,
  rateLimited: 4429,
  protocolError: 4400,
  shuttingDown: 4503,
} as const;
