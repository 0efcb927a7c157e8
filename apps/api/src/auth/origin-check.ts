import { LoreError } from '@lore/core';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { isLoopbackHost } from './binding.js';

export interface OriginCheckOptions {
  /** Check the Host name: loopback names and `allowedHosts` only ('*' in `allowedHosts` turns it off). */
  checkHost: boolean;
  /** Host names accepted besides loopback (no port). */
  allowedHosts: readonly string[];
  /** Origins (`https://app.example`) allowed to send state-changing requests and to read with CORS. */
  allowedOrigins: readonly string[];
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host (name and port) the request was sent to: the Host header, else the URL's. */
function requestHost(c: Context): string {
  return (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
}

/** A host's name without its port, IPv6 brackets kept off. */
function hostName(host: string): string {
  const bracketed = host.match(/^\[([^\]]+)\]/);
  if (bracketed?.[1]) return bracketed[1];
  return host.replace(/:\d*$/, '');
}

/**
 * Refuses what a web page the user visits could otherwise do to a keyless local server: a request for a
 * host name that is not loopback or configured (DNS rebinding), and a state-changing request from another
 * origin (CSRF). Same-origin requests (the web UI) and requests without Origin (curl, the SDK) pass.
 */
export function originCheck(options: OriginCheckOptions) {
  const hosts = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  const origins = new Set(options.allowedOrigins.map((origin) => origin.replace(/\/$/, '').toLowerCase()));
  const anyHost = hosts.has('*');
  return createMiddleware(async (c, next) => {
    const host = requestHost(c);
    if (options.checkHost && !anyHost) {
      const name = hostName(host);
      if (!isLoopbackHost(name) && !hosts.has(name)) {
        throw new LoreError(
          'FORBIDDEN',
          `This server does not answer for host "${name}". Open it at http://127.0.0.1 or http://localhost, or add the name to LORE_ALLOWED_HOSTS.`,
        );
      }
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !safeMethods.has(c.req.method)) {
      const normalized = origin.toLowerCase();
      let sameOrigin = false;
      try {
        sameOrigin = new URL(normalized).host === host;
      } catch {
        // `null` and other opaque origins are never the server's own.
      }
      if (!sameOrigin && !origins.has(normalized)) {
        throw new LoreError(
          'FORBIDDEN',
          `Requests from ${origin} may not change this library. Add the origin to LORE_ALLOWED_ORIGINS to allow it.`,
        );
      }
    }
    return next();
  });
}

/** CORS for the configured origins only; without any, no CORS headers are sent. */
export function corsForOrigins(allowedOrigins: readonly string[]) {
  const origins = allowedOrigins.map((origin) => origin.replace(/\/$/, ''));
  return cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowHeaders: ['authorization', 'content-type', 'x-api-key'],
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  });
}
