/** A client's request on a Bybit WebSocket (`op` with its `req_id` and `args`), or null when it is not JSON. */
export type StreamRequest = { readonly op: unknown; readonly reqId: string | undefined; readonly args: readonly unknown[] };

export function parseStreamRequest(text: string): StreamRequest | null {
  let message: { op?: unknown; req_id?: unknown; args?: unknown };
  try {
    message = JSON.parse(text) as typeof message;
  } catch {
    return null;
  }
  return {
    op: message.op,
    reqId: message.req_id === undefined ? undefined : String(message.req_id),
    args: Array.isArray(message.args) ? message.args : [],
  };
}

/** Bybit's answer to a request that is not JSON. */
export function invalidJsonAnswer(connId: string): Record<string, unknown> {
  return { success: false, ret_msg: 'error:invalid json', conn_id: connId, op: '' };
}
