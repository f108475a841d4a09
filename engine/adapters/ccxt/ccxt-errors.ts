import { AuthError, EngineError, errorMessage, RateLimitError, TransientError, ValidationError, VenueError } from '../../core/errors';
import type { CcxtModule } from './load-ccxt';

/**
 * Maps ccxt's error hierarchy onto the engine's two kinds: network trouble, rate limits, timeouts and
 * garbled responses are retryable; everything the venue rejected on purpose is operational.
 */
export function toEngineError(ccxt: CcxtModule, venue: string, error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  const message = `${venue}: ${errorMessage(error)}`.slice(0, 500);
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) return new RateLimitError(message);
  if (error instanceof ccxt.NetworkError || error instanceof ccxt.BadResponse) return new TransientError(message, { cause: error });
  if (error instanceof ccxt.BadSymbol) return new ValidationError(message, { cause: error });
  if (error instanceof ccxt.AuthenticationError) return new AuthError(message);
  if (error instanceof ccxt.BaseError) return new VenueError(message, { cause: error });
  // A socket error that escaped ccxt's wrapping (ECONNREFUSED, ECONNRESET) is still the network's fault.
  if (error instanceof Error && /ECONN|EPIPE|socket|network|fetch failed/i.test(error.message)) return new TransientError(message, { cause: error });
  return new VenueError(message, { cause: error });
}
