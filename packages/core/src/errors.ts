/** Every failure Lore reports to its callers; `apps/api` maps each code to one HTTP status. */
export type LoreErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE'
  | 'RATE_LIMITED'
  | 'OVERLOADED'
  | 'ABORTED'
  | 'MODEL_UNAVAILABLE'
  | 'STORAGE'
  /** A backing service (the Postgres server) cannot be reached right now; retrying later may succeed. */
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** The one error class of the project: a closed `code`, a message that says how to fix it, and a `cause`. */
export class LoreError extends Error {
  override readonly name = 'LoreError';
  readonly code: LoreErrorCode;

  constructor(code: LoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  static is(value: unknown): value is LoreError {
    return value instanceof LoreError;
  }
}

/** Turns an abort signal's reason into a LoreError with code ABORTED. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LoreError('ABORTED', 'The operation was aborted.', { cause: signal.reason });
}
