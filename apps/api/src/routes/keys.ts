import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  ApiKeyListSchema,
  CreateApiKeySchema,
  CreatedApiKeySchema,
  ErrorSchema,
  IdParam,
} from '@lore/contract';
import type { ApiKeyInfo, Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';

/** The JSON shape of a key in lists and answers (never its hash). */
export function apiKeyJson(key: ApiKeyInfo) {
  return {
    id: key.id,
    prefix: key.prefix,
    name: key.name,
    scopes: key.scopes,
    collections: key.collections,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** `/v1/keys` (admin): create a key (its secret is shown once), list, revoke. */
export function keyRoutes(lore: Lore) {
  return new OpenAPIHono()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/keys',
        middleware: scope('admin'),
        request: {
          body: { content: { 'application/json': { schema: CreateApiKeySchema } }, required: true },
        },
        responses: {
          201: json(CreatedApiKeySchema, 'Created; `key` is shown this once'),
          400: json(ErrorSchema, 'Bad request'),
          403: json(ErrorSchema, 'Beyond the caller’s own scopes or collections'),
        },
      }),
      async (c) => {
        const { key, secret } = await lore.keys.create(c.req.valid('json'));
        return c.json({ ...apiKeyJson(key), key: secret }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/keys',
        middleware: scope('admin'),
        responses: {
          200: json(ApiKeyListSchema, 'Every key, revoked ones included'),
        },
      }),
      async (c) => c.json({ data: (await lore.keys.list()).map(apiKeyJson) }, 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/keys/{id}',
        middleware: scope('admin'),
        request: { params: IdParam },
        responses: { 204: { description: 'Revoked' }, 404: json(ErrorSchema, 'No such key') },
      }),
      async (c) => {
        await lore.keys.revoke(c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
