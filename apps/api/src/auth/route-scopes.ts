import type { ApiKeyScope } from '@lore/core';

/** `any`: every key may call it (what it returns is still limited to the key's collections). */
export type RouteScope = ApiKeyScope | 'any';

const rules: { method: string; path: RegExp; scope: RouteScope }[] = [
  { method: 'GET', path: /^\/v1\/collections$/, scope: 'any' },
  { method: 'POST', path: /^\/v1\/collections$/, scope: 'admin' },
  { method: 'DELETE', path: /^\/v1\/collections\/[^/]+$/, scope: 'admin' },
  { method: 'GET', path: /^\/v1\/collections\/[^/]+\/documents$/, scope: 'read' },
  { method: 'POST', path: /^\/v1\/collections\/[^/]+\/documents$/, scope: 'ingest' },
  { method: 'GET', path: /^\/v1\/documents\/[^/]+(\/content)?$/, scope: 'read' },
  { method: 'DELETE', path: /^\/v1\/documents\/[^/]+$/, scope: 'ingest' },
  { method: 'GET', path: /^\/v1\/jobs\/[^/]+(\/events)?$/, scope: 'ingest' },
  { method: 'POST', path: /^\/v1\/collections\/[^/]+\/(search|ask|classify)$/, scope: 'read' },
  { method: 'GET', path: /^\/v1\/collections\/[^/]+\/chats$/, scope: 'read' },
  { method: 'POST', path: /^\/v1\/chats$/, scope: 'read' },
  { method: 'GET', path: /^\/v1\/chats\/[^/]+$/, scope: 'read' },
  { method: 'DELETE', path: /^\/v1\/chats\/[^/]+$/, scope: 'read' },
  { method: 'GET', path: /^\/v1\/models$/, scope: 'read' },
  {
    method: 'POST',
    path: /^\/v1\/(embeddings|chat\/completions|classify|agents\/run|objects)$/,
    scope: 'read',
  },
  { method: 'GET', path: /^\/v1\/agents(\/[^/]+)?$/, scope: 'read' },
  { method: '*', path: /^\/mcp(\/.*)?$/, scope: 'read' },
  { method: '*', path: /^\/v1\/keys(\/[^/]+)?$/, scope: 'admin' },
];

/** The scope a request needs; a route with no rule needs `admin` (fail closed). */
export function requiredScope(method: string, path: string): RouteScope {
  const verb = method === 'HEAD' ? 'GET' : method;
  const rule = rules.find(
    (candidate) => (candidate.method === '*' || candidate.method === verb) && candidate.path.test(path),
  );
  return rule?.scope ?? 'admin';
}

/** Paths anyone may fetch without a key: the health check, the API description and docs page, the web UI's files. */
export function isPublicPath(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return (
    path === '/' ||
    path === '/health' ||
    path === '/openapi.json' ||
    path === '/docs' ||
    path === '/favicon.svg' ||
    path.startsWith('/assets/')
  );
}
