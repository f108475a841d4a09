import { AuthError, EngineError, errorMessage, NotFoundError, RateLimitError, TransientError, ValidationError, VenueError } from '../../core/errors';
import { toEngineError } from '../ccxt/ccxt-errors';
import type { CcxtModule } from '../ccxt/load-ccxt';

/** The venue refused an order for a reason of its own (balance, reduce-only rule, price band…); final. */
export class OrderRejectedError extends VenueError {
  constructor(
    message: string,
    readonly retCode: number,
  ) {
    super(message);
  }
}

/**
 * Bybit's 10002: the request's timestamp is outside the venue's window. Retrying the same request with
 * the same clock fails again, so it is operational and says what to fix.
 */
export class ClockSkewError extends EngineError {
  constructor(message: string) {
    super(message, 'operational');
  }
}

/** Bybit retCodes that are the network's or the venue's passing trouble: the same request may succeed later. */
const RETRYABLE_CODES = new Set([10006, 10016, 10018, 10019, 10429, 110079]);
const AUTH_CODES = new Set([10003, 10004, 10005, 10007, 10009, 10010]);

export type BybitFailure = {
  readonly error: EngineError;
  readonly retCode: number | undefined;
  /**
   * True when the request may have reached the venue and done its work although no answer came back
   * (a timeout, a cut connection): only a lookup can tell whether an order exists.
   */
  readonly ambiguous: boolean;
};

/**
 * Maps what ccxt threw for a Bybit request to the engine's errors, by Bybit's retCode where the body had
 * one (ccxt keeps the body in the message) and by ccxt's class otherwise. Retryable: 10006 and 10018 rate
 * limits, 10016 server errors, timeouts and network failures. Operational: 10001 parameters, 10002 clock,
 * 10003/10004 keys, 110xxx order rejections.
 */
export function classifyBybitError(ccxt: CcxtModule, error: unknown): BybitFailure {
  if (error instanceof EngineError) return { error, retCode: undefined, ambiguous: false };
  const text = errorMessage(error);
  const retCode = retCodeOf(text);
  const retMsg = retMsgOf(text);
  const said = retMsg ? `: ${retMsg}` : '';
  if (retCode !== undefined) {
    if (retCode === 10006 || retCode === 10018) return fail(new RateLimitError(`bybit rate limit (${retCode})${said}; retry after a pause`), retCode);
    if (RETRYABLE_CODES.has(retCode)) return fail(new TransientError(`bybit server trouble (${retCode})${said}`, { cause: error }), retCode);
    if (retCode === 10002) {
      return fail(
        new ClockSkewError(`bybit refused the request time (10002): this machine's clock differs from Bybit's by more than the receive window; synchronise the system clock (NTP)`),
        retCode,
      );
    }
    if (AUTH_CODES.has(retCode)) return fail(new AuthError(authMessage(retCode, retMsg)), retCode);
    if (retCode === 10001) return fail(new ValidationError(`bybit refused the request parameters (10001)${said}`, { cause: error }), retCode);
    if (retCode === 110001) return fail(new NotFoundError(`bybit has no such open order (110001)${said}`), retCode);
    if (retCode >= 110000 && retCode < 200000) return fail(new OrderRejectedError(`bybit rejected the order (${retCode})${said}`, retCode), retCode);
    return fail(new VenueError(`bybit error ${retCode}${said}`, { cause: error }), retCode);
  }
  // No retCode: the answer never came, or was not Bybit's. The request may still have been executed.
  const ambiguous = error instanceof ccxt.RequestTimeout || error instanceof ccxt.NetworkError || /ECONN|EPIPE|socket hang up|fetch failed|timed out/i.test(text);
  return { error: toEngineError(ccxt, 'bybit', error), retCode: undefined, ambiguous };
}

function fail(error: EngineError, retCode: number): BybitFailure {
  return { error, retCode, ambiguous: false };
}

function authMessage(retCode: number, retMsg: string | undefined): string {
  const why: Record<number, string> = {
    10003: 'the API key is not valid',
    10004: 'the signature does not match: the API secret is wrong',
    10005: 'the API key lacks the permission for this request',
    10007: 'the user authentication failed',
    10009: 'this IP is banned',
    10010: 'this IP is not on the API key\'s allowlist',
  };
  return `bybit refused the credentials (${retCode}): ${why[retCode] ?? retMsg ?? 'authentication failed'}; check the keys with \`stratus keys status\``;
}

function retCodeOf(text: string): number | undefined {
  const match = /"ret_?[cC]ode"\s*:\s*"?(-?\d+)/.exec(text);
  if (!match) return undefined;
  const code = Number(match[1]);
  return code === 0 ? undefined : code;
}

function retMsgOf(text: string): string | undefined {
  const match = /"ret_?[mM]sg"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  return match?.[1] ? match[1].slice(0, 200) : undefined;
}
