import type { Rejection } from './api-types';

/**
 * A call that failed: the engine's rejection (`type` is its error class, e.g. ValidationError), or
 * `Disconnected` when the link was down or dropped before an answer came.
 */
export class EngineCallError extends Error {
  readonly type: string;
  readonly method: string;

  constructor(rejection: Rejection, method: string) {
    super(rejection.message);
    this.name = 'EngineCallError';
    this.type = rejection.type;
    this.method = method;
  }
}
