import { EngineError } from '../core/errors';

/** The trading services are not running in this engine (yet): every call says so instead of failing obscurely. */
export class TradingUnavailableError extends EngineError {
  constructor(what: string) {
    super(`${what} is not available in this engine yet`, 'operational');
  }
}

/** A port whose every method rejects with TradingUnavailableError, for hosts that start no trading services. */
export function unavailablePort<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: () => () => {
      throw new TradingUnavailableError(what);
    },
  });
}
