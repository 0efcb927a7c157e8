import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  CollectionListSchema,
  CollectionSchema,
  CreateCollectionSchema,
  ErrorSchema,
  NameParam,
} from '@lore/contract';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';
import { collectionJson } from '../serialize.js';

/** `/v1/collections`: create, list, delete. */
export function collectionRoutes(lore: Lore) {
  return new OpenAPIHono()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/collections',
        middleware: scope('admin'),
        request: {
          body: { content: { 'application/json': { schema: CreateCollectionSchema } }, required: true },
        },
        responses: {
          201: json(CollectionSchema, 'Created'),
          400: json(ErrorSchema, 'Invalid name'),
          409: json(ErrorSchema, 'Exists'),
        },
      }),
      async (c) => {
        const { name } = c.req.valid('json');
        return c.json(collectionJson(await lore.collections.create({ name })), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/collections',
        middleware: scope('any'),
        responses: { 200: json(CollectionListSchema, 'All collections') },
      }),
      async (c) => c.json({ data: (await lore.collections.list()).map(collectionJson) }, 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/collections/{name}',
        middleware: scope('admin'),
        request: { params: NameParam },
        responses: { 204: { description: 'Deleted' }, 404: json(ErrorSchema, 'No such collection') },
      }),
      async (c) => {
        await lore.collections.delete(c.req.valid('param').name);
        return c.body(null, 204);
      },
    );
}
