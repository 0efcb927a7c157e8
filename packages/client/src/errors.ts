import type { ErrorBody } from '@lore/contract';
import type { LoreErrorCode } from '@lore/core/errors';

/** An error answered by a Lore server: its `{ error: { code, message, settings? } }` and the HTTP status. */
export class LoreApiError extends Error {
  override readonly name = 'LoreApiError';
  /** The API's error code (`NOT_FOUND`, `BAD_REQUEST`…); `NETWORK` when no answer came. */
  readonly code: LoreErrorCode | 'NETWORK' | (string & {});
  /** The HTTP status: 0 when the request never got an answer, the stream's (200) for an `error` event. */
  readonly status: number;
  /** The server's settings (environment variables) the message tells you to change; empty when it names none. */
  readonly settings: readonly string[];

  constructor(
    code: LoreApiError['code'],
    message: string,
    status: number,
    options?: { cause?: unknown; settings?: readonly string[] },
  ) {
    super(message, options);
    this.code = code;
    this.status = status;
    this.settings = options?.settings ?? [];
  }
}

/** A LoreApiError from the server's error body. */
function fromBody(error: ErrorBody['error'], message: string, status: number): LoreApiError {
  const settings = Array.isArray(error.settings) ? error.settings : undefined;
  return new LoreApiError(error.code, message, status, settings ? { settings } : undefined);
}

/** Turns a non-2xx response into a LoreApiError carrying the server's code and message. */
export async function toLoreApiError(response: Response): Promise<LoreApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (body.error?.code)
      return fromBody(body.error, body.error.message ?? response.statusText, response.status);
  } catch {
    // Not JSON: a proxy or a crashed server answered; fall through with the raw text.
  }
  const code = response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  return new LoreApiError(code, text.slice(0, 500) || `HTTP ${response.status}`, response.status);
}

/** Turns an event stream's `error` event (data: the JSON error body) into a LoreApiError. */
export function streamErrorEvent(data: string, status: number): LoreApiError {
  try {
    const body = JSON.parse(data) as Partial<ErrorBody>;
    if (body.error?.code) return fromBody(body.error, body.error.message ?? '', status);
  } catch {
    // Not the error body: keep the raw text as the message.
  }
  return new LoreApiError('INTERNAL', data.slice(0, 500) || 'The stream failed.', status);
}
