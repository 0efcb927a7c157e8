import { type ApiKeyScope, currentAccess } from '@lore/core';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * What a route needs: a key scope; `any` (every key, still limited to its collections); or `public`
 * (no key at all: the health check, the API description, the web UI's files).
 */
export type RouteScope = ApiKeyScope | 'any' | 'public';

const declared = new WeakMap<object, RouteScope>();

/**
 * Declares the scope of the route it is registered with (`createRoute({ middleware: scope('read') })` or
 * `.get(path, scope('read'), handler)`). The auth middleware enforces it before anything else runs.
 */
export function scope(required: RouteScope): MiddlewareHandler {
  const handler: MiddlewareHandler = (_c, next) => next();
  declared.set(handler, required);
  return handler;
}

/** The scope declared among a route's handlers, if one is. */
export function declaredScope(handlers: Iterable<unknown>): RouteScope | undefined {
  for (const handler of handlers) {
    const found = typeof handler === 'function' ? declared.get(handler) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The scope the route a request reached declares (HEAD is routed as GET); none means `admin` (fail closed). */
export function requiredScope(c: Context): RouteScope {
  return declaredScope(matchedRoutes(c).map((route) => route.handler)) ?? 'admin';
}

/** Whether the caller's key holds `required` (without keys, every caller holds every scope). */
export function hasScope(required: ApiKeyScope): boolean {
  return currentAccess().scopes.includes(required);
}
