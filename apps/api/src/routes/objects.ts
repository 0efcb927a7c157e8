import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { ErrorSchema, GenerateObjectRequestSchema, GenerateObjectResponseSchema } from '@lore/contract';
import type { JsonSchema, Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';

/** `POST /v1/objects`: `lore.generateObject` over HTTP, decoding constrained to a JSON schema. */
export function objectRoutes(lore: Lore) {
  return new OpenAPIHono().openapi(
    createRoute({
      method: 'post',
      path: '/v1/objects',
      middleware: scope('read'),
      request: {
        body: { ...json(GenerateObjectRequestSchema, 'A JSON schema and a prompt'), required: true },
      },
      responses: {
        200: json(GenerateObjectResponseSchema, 'An object that matches the schema'),
        400: json(ErrorSchema, 'Bad request, or a schema keyword that cannot constrain decoding'),
        404: json(ErrorSchema, 'No such collection'),
        422: json(ErrorSchema, 'The object did not fit in maxTokens'),
        503: json(ErrorSchema, 'No language model configured'),
      },
    }),
    async (c) => {
      const { schema, ...body } = c.req.valid('json');
      // The caller's view decides which collections exist for it (API keys limited to collections).
      if (body.collection) await lore.collections.get(body.collection);
      const result = await lore.generateObject({
        ...body,
        schema: schema as JsonSchema,
        abortSignal: c.req.raw.signal,
      });
      return c.json(result, 200);
    },
  );
}
