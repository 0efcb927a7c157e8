import { LoreError, type LoreErrorCode } from '@lore/core';
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { variableOfSetting } from './config.js';

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

/** The error body of every response and stream: `{ error: { code, message, settings? } }`. */
export interface ErrorBody {
  error: { code: LoreErrorCode; message: string; settings?: string[] };
}

/** How this server configures a part the core reported missing (the core does not know our variables). */
const configureMissing = {
  'language-model': {
    message:
      'Set LORE_LLM_MODEL (a GGUF file or a Hugging Face model) or LORE_LLM_BASE_URL (an OpenAI-compatible server).',
    variables: ['LORE_LLM_MODEL', 'LORE_LLM_BASE_URL'],
  },
} as const;

/** The environment variables a LoreError's message tells the user to change: its missing part's, its settings'. */
export function errorVariables(error: LoreError): string[] {
  const variables: string[] = error.missing ? [...configureMissing[error.missing].variables] : [];
  for (const setting of error.settings) variables.push(variableOfSetting[setting]);
  return [...new Set(variables)];
}

/**
 * A LoreError's message, with how to configure the part it is missing when that is why it failed, and the
 * environment variable of each core option it names (the core names its options, not our variables).
 */
export function errorMessage(error: LoreError): string {
  const parts = [error.message];
  if (error.missing) parts.push(configureMissing[error.missing].message);
  if (error.settings.length > 0) {
    const sets = error.settings.map((setting) => `${variableOfSetting[setting]} sets ${setting}`);
    parts.push(`On this server, ${sets.join('; ')}.`);
  }
  return parts.join(' ');
}

/** Maps any thrown value to its status and error body, never a stack trace; logs unexpected ones once. */
export function toErrorBody(
  error: unknown,
  log: (error: unknown) => void,
): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof LoreError) {
    const status = statusFor(error.code);
    if (status >= 500) log(error);
    const settings = errorVariables(error);
    const body = {
      error: { code: error.code, message: errorMessage(error), ...(settings.length > 0 && { settings }) },
    };
    return { status, body };
  }
  if (error instanceof Error && 'status' in error && typeof error.status === 'number' && error.status < 500) {
    // Hono's own HTTPExceptions (e.g. body limit) carry a 4xx status.
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    return { status, body: { error: { code, message: error.message || 'Bad request.' } } };
  }
  log(error);
  const message = 'Internal error; the server log has the details.';
  return { status: 500, body: { error: { code: 'INTERNAL', message } } };
}

/** Renders an error as its JSON body and status; busy or rate-limited answers say when to retry. */
export function errorResponse(error: unknown, c: Context, log: (error: unknown) => void) {
  const { status, body } = toErrorBody(error, log);
  // A rate limit sets its own wait first.
  if (
    (body.error.code === 'OVERLOADED' || body.error.code === 'RATE_LIMITED') &&
    !c.res.headers.get('Retry-After')
  )
    c.header('Retry-After', '1');
  return c.json(body, status);
}

export interface EventStreamOptions {
  log: (error: unknown) => void;
  /**
   * How a failure is sent once the headers are out: `event` (default) as an `error` event whose data is
   * the error body; `data` as a plain data line holding it, as OpenAI's streams do.
   */
  errorAs?: 'event' | 'data';
}

/** `streamSSE` whose failure ends the stream with the error body, so clients get its code, not a cut-off. */
export function streamEvents(
  c: Context,
  options: EventStreamOptions,
  write: (stream: SSEStreamingApi) => Promise<void>,
) {
  return streamSSE(c, async (stream) => {
    try {
      await write(stream);
    } catch (error) {
      const { body } = toErrorBody(error, options.log);
      if (stream.aborted) return; // the client left: nobody reads the event
      const data = JSON.stringify(body);
      // A client that leaves while this is written makes the write fail; there is nobody to tell.
      await stream.writeSSE(options.errorAs === 'data' ? { data } : { event: 'error', data }).catch(() => {});
    }
  });
}
