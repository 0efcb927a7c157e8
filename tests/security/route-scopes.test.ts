import { declaredScope } from '@lore/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';

describe('every route declares its scope with the route', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore('pglite');
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('no route falls back to the admin default, and the scopes are the documented ones', () => {
    const handlers = new Map<string, unknown[]>();
    for (const route of env.app.routes) {
      if (route.path.endsWith('/*')) continue; // middleware for every path (body limit, auth)
      const key = `${route.method} ${route.path}`;
      handlers.set(key, [...(handlers.get(key) ?? []), route.handler]);
    }
    const scopes = Object.fromEntries([...handlers].map(([key, list]) => [key, declaredScope(list)]));
    expect(Object.entries(scopes).filter(([, scope]) => scope === undefined)).toEqual([]);
    expect(scopes).toMatchObject({
      'GET /health': 'public',
      'GET /openapi.json': 'public',
      'GET /docs': 'public',
      'GET /v1/collections': 'any',
      'POST /v1/collections': 'admin',
      'POST /v1/collections/:name/documents': 'ingest',
      'GET /v1/jobs/:id/events': 'ingest',
      'POST /v1/collections/:name/ask': 'read',
      'ALL /mcp': 'read',
      'DELETE /v1/keys/:id': 'admin',
    });
  });
});
