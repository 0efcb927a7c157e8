import { LoreError } from '../errors.js';

/** Socket errors and postgres.js's own codes for a connection that failed, closed or timed out. */
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATEs of a server that is down, restarting or full: class 08, 57P01-57P03, 53300. */
function isUnavailableState(code: string): boolean {
  return (
    code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300'
  );
}

/** Postgres refuses NUL in text and jsonb (22P05, 22021): that is bad input, not a server fault. */
const nulTextStates = new Set(['22P05', '22021']);

/** True when the error or one of its causes carries one of the codes. */
function hasCode(error: unknown, codes: Set<string>): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** True when the error (or one of its causes) says the database server cannot be reached right now. */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (connectionCodes.has(code) || isUnavailableState(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** After a connection error, calls are bounded for this long, since a reconnect can hang. */
const wary = { forMs: 30_000, timeoutMs: 5_000 };

/**
 * Wraps every method of a store so a lost database connection becomes LoreError UNAVAILABLE (HTTP 503)
 * and NUL in text becomes BAD_REQUEST, instead of unexpected errors: the one place that maps them. For a while
 * after such an error every call is also bounded in time: postgres.js can wait forever on a connection
 * the server closed while starting or stopping (porsager/postgres#1193), and a request must not hang.
 */
export function withConnectionErrors<T extends object>(
  store: T,
  what: string,
  /** Called when a call timed out after an outage: the pool may hold stuck connections. */
  onStuck?: () => Promise<void>,
): T {
  const unavailable = (cause: unknown) =>
    new LoreError(
      'UNAVAILABLE',
      `The ${what} database cannot be reached right now; retry shortly. If it persists, check that the Postgres server is running and databaseUrl points at it.`,
      { cause, settings: ['databaseUrl'] },
    );
  let failedAt = Number.NEGATIVE_INFINITY;
  let reconnectedAt = Number.NEGATIVE_INFINITY;
  const wrapped = { ...store } as Record<string, unknown>;
  for (const [name, value] of Object.entries(store)) {
    if (typeof value !== 'function' || name === 'close') continue;
    wrapped[name] = async (...args: unknown[]) => {
      const call = Promise.resolve(value.apply(store, args));
      try {
        if (Date.now() - failedAt > wary.forMs) return await call;
        return await bounded(call, wary.timeoutMs, () => {
          if (onStuck && Date.now() - reconnectedAt > wary.timeoutMs) {
            reconnectedAt = Date.now();
            onStuck().catch(() => {});
          }
          return unavailable(new Error(`${name} timed out`));
        });
      } catch (error) {
        if (LoreError.is(error)) throw error;
        if (hasCode(error, nulTextStates)) {
          throw new LoreError(
            'BAD_REQUEST',
            'Text and metadata cannot contain the NUL character (\\u0000): remove it and send again.',
            { cause: error },
          );
        }
        if (!isConnectionError(error)) throw error;
        failedAt = Date.now();
        throw unavailable(error);
      }
    };
  }
  return wrapped as T;
}

/** Rejects with `onTimeout()` when the promise has not settled within `ms`; the call itself goes on. */
function bounded<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
