import type { Rejection } from './api-types';

/** How a refusal for lack of role reads, wherever the window shows a failed call. */
export const FORBIDDEN_PREFIX = 'Not allowed for this device’s role — an admin can pair a device with more rights. ';

/**
 * A call that failed: the engine's rejection (`type` is its error class, e.g. ValidationError), or
 * `Disconnected` when the link was down or dropped before an answer came.
 */
export class EngineCallError extends Error {
  readonly type: string;
  readonly method: string;

  constructor(rejection: Rejection, method: string) {
    super(rejection.type === 'ForbiddenError' ? `${FORBIDDEN_PREFIX}(${rejection.message})` : rejection.message);
    this.name = 'EngineCallError';
    this.type = rejection.type;
    this.method = method;
  }
}
