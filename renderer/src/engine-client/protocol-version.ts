import type { ClientMessage } from './api-types';

type Hello = Extract<ClientMessage, { type: 'hello' }>;

/**
 * The wire protocol this renderer speaks. It must equal PROTOCOL_VERSION in engine/api/protocol.ts,
 * which the renderer may not import as a value; an engine on another version refuses the hello,
 * and the connection screen shows its reason.
 */
export const PROTOCOL_VERSION = 1 satisfies Hello['protocol'];
