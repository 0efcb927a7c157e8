import { getConnInfo } from '@hono/node-server/conninfo';
import { type Access, type ApiKeys, fullAccess, LoreError, runWithAccess } from '@lore/core';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AuthMode } from './binding.js';
import type { RateLimiter } from './rate-limit.js';
import { requiredScope } from './scope.js';

export interface AuthOptions {
  mode: AuthMode;
  keys: ApiKeys;
  rateLimiter: RateLimiter;
}

/** The key a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
function presentedKey(c: Context): string | undefined {
  const authorization = c.req.header('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? c.req.header('x-api-key')?.trim() ?? undefined;
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/**
 * Authenticates (with keys), rate-limits per key or client address, checks the scope the matched route
 * declares with `scope()` (admin for a route without one) and runs the rest of the request under the
 * caller's access. Public routes skip all of it.
 */
export function authMiddleware(options: AuthOptions) {
  function limit(c: Context, caller: string): void {
    const decision = options.rateLimiter.take(caller);
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      throw new LoreError(
        'RATE_LIMITED',
        `Too many requests: retry in ${decision.retryAfterSeconds} s (LORE_RATE_LIMIT_PER_MINUTE, LORE_RATE_LIMIT_BURST).`,
      );
    }
  }

  return createMiddleware(async (c, next) => {
    const scope = requiredScope(c);
    if (scope === 'public') return next();
    let access: Access = fullAccess;
    if (options.mode === 'keys') {
      const secret = presentedKey(c);
      const key = secret ? await options.keys.verify(secret) : null;
      if (!key) {
        limit(c, `address:${clientAddress(c)}`);
        throw new LoreError(
          'UNAUTHORIZED',
          secret
            ? 'The API key is not valid (unknown, mistyped or revoked).'
            : 'This server requires an API key: send "Authorization: Bearer <key>" or "x-api-key: <key>". An admin creates keys with "lore keys create".',
        );
      }
      access = { keyId: key.id, scopes: key.scopes, collections: key.collections };
    }
    limit(c, access.keyId ? `key:${access.keyId}` : `address:${clientAddress(c)}`);
    if (scope !== 'any' && !access.scopes.includes(scope)) {
      const { method, path } = c.req;
      throw new LoreError('FORBIDDEN', `This key lacks the "${scope}" scope that ${method} ${path} needs.`);
    }
    return runWithAccess(access, () => next());
  });
}
