import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiKeyInfo, Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { ErrorSchema, json } from '../schemas.js';

const ScopeSchema = z.enum(['read', 'ingest', 'admin']);

const ApiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string(),
    name: z.string(),
    scopes: z.array(ScopeSchema),
    collections: z.array(z.string()).nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const CreateApiKeySchema = z
  .object({
    name: z.string().max(200).optional(),
    scopes: z.array(ScopeSchema).min(1),
    collections: z.array(z.string().min(1).max(64)).min(1).max(1_000).optional(),
  })
  .strict()
  .openapi('CreateApiKey');

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
          201: json(ApiKeySchema.extend({ key: z.string() }), 'Created; `key` is shown this once'),
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
          200: json(z.object({ data: z.array(ApiKeySchema) }), 'Every key, revoked ones included'),
        },
      }),
      async (c) => c.json({ data: (await lore.keys.list()).map(apiKeyJson) }, 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/keys/{id}',
        middleware: scope('admin'),
        request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
        responses: { 204: { description: 'Revoked' }, 404: json(ErrorSchema, 'No such key') },
      }),
      async (c) => {
        await lore.keys.revoke(c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
