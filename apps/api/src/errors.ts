import { LoreError, type LoreErrorCode } from '@lore/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const statusByCode: Record<LoreErrorCode, ContentfulStatusCode> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  OVERLOADED: 503,
  ABORTED: 499 as ContentfulStatusCode,
  MODEL_UNAVAILABLE: 503,
  STORAGE: 503,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The HTTP status for a LoreError code. */
export function statusFor(code: LoreErrorCode): ContentfulStatusCode {
  return statusByCode[code];
}

/** Renders an error as `{ error: { code, message } }`, never a stack trace; logs unexpected ones once. */
export function errorResponse(error: unknown, c: Context, log: (error: unknown) => void) {
  if (error instanceof LoreError) {
    if (statusFor(error.code) >= 500) log(error);
    // Busy or rate-limited: tell clients when to come back (a rate limit sets its own wait first).
    if ((error.code === 'OVERLOADED' || error.code === 'RATE_LIMITED') && !c.res.headers.get('Retry-After'))
      c.header('Retry-After', '1');
    return c.json({ error: { code: error.code, message: error.message } }, statusFor(error.code));
  }
  if (error instanceof Error && 'status' in error && typeof error.status === 'number' && error.status < 500) {
    // Hono's own HTTPExceptions (e.g. body limit) carry a 4xx status.
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    return c.json({ error: { code, message: error.message || 'Bad request.' } }, status);
  }
  log(error);
  return c.json(
    { error: { code: 'INTERNAL', message: 'Internal error; the server log has the details.' } },
    500,
  );
}
