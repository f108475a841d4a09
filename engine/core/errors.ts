/**
 * Expected failures are EngineErrors: `retryable` ones may succeed if tried again (network, rate limit),
 * `operational` ones are the caller's or the world's fault and are reported, never retried.
 * Anything else thrown is a broken invariant and stops the component that threw it.
 */
export type ErrorKind = 'retryable' | 'operational';

export class EngineError extends Error {
  readonly kind: ErrorKind;

  constructor(message: string, kind: ErrorKind, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = new.target.name;
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

/** Input that does not satisfy a schema or a business rule. */
export class ValidationError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'operational', options);
  }
}

export class NotFoundError extends EngineError {
  constructor(message: string) {
    super(message, 'operational');
  }
}

export class AuthError extends EngineError {
  constructor(message: string) {
    super(message, 'operational');
  }
}

/** An authenticated caller asked for something its role does not allow. */
export class ForbiddenError extends EngineError {
  constructor(message: string) {
    super(message, 'operational');
  }
}

export class RateLimitError extends EngineError {
  constructor(message: string) {
    super(message, 'retryable');
  }
}

/** A transient failure of something outside the engine: a socket, a venue, a disk that was busy. */
export class TransientError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'retryable', options);
  }
}

/** Stored state that the code cannot accept, such as a migration history that does not match the files. */
export class StoreError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'operational', options);
  }
}

export class StrategyError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'operational', options);
  }
}

/** What crosses the API for any failure: never a stack, never internals. */
export type Rejection = { type: string; message: string };

/** A failure's message for logs, statuses and wrapping errors: an Error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function toRejection(error: unknown): Rejection {
  if (error instanceof EngineError) return { type: error.name, message: error.message };
  return { type: 'InternalError', message: 'The engine hit an internal error; see its log.' };
}

/** A venue refused a request for a reason retrying will not fix (bad symbol, bad parameters, rejected order). */
export class VenueError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'operational', options);
  }
}
