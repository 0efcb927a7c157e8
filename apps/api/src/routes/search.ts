import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { ErrorSchema, NameParam, SearchRequestSchema, SearchResponseSchema } from '@lore/contract';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';

/** `POST /v1/collections/{name}/search`: vector, keyword or hybrid retrieval. */
export function searchRoutes(lore: Lore) {
  return new OpenAPIHono().openapi(
    createRoute({
      method: 'post',
      path: '/v1/collections/{name}/search',
      middleware: scope('read'),
      request: {
        params: NameParam,
        body: { content: { 'application/json': { schema: SearchRequestSchema } }, required: true },
      },
      responses: {
        200: {
          content: { 'application/json': { schema: SearchResponseSchema } },
          description: 'Best chunks first; score is higher-is-better',
        },
        400: json(ErrorSchema, 'Bad request'),
        404: json(ErrorSchema, 'No such collection'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const results = await lore.search({
        collection: c.req.valid('param').name,
        query: body.query,
        topK: body.topK,
        mode: body.mode,
        filter: body.filter,
        rerank: body.rerank,
        abortSignal: c.req.raw.signal,
      });
      return c.json({ results }, 200);
    },
  );
}
