import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { JsonSchema, Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { ErrorSchema, JsonObjectSchema, json, SearchResultSchema } from '../schemas.js';

const GenerateObjectRequestSchema = z
  .object({
    schema: JsonObjectSchema.openapi({ description: 'The JSON schema the object must match' }),
    schemaName: z.string().max(64).optional(),
    prompt: z.string().min(1).max(16_000).optional(),
    system: z.string().max(8_000).optional(),
    messages: z
      .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(16_000) }))
      .max(100)
      .optional(),
    collection: z
      .string()
      .optional()
      .openapi({ description: 'Ground the object on passages retrieved from this collection' }),
    topK: z.number().int().min(1).max(50).optional(),
    temperature: z.number().min(0).max(2).optional(),
    seed: z.number().int().optional(),
    maxTokens: z.number().int().min(1).max(8_192).optional(),
  })
  .strict()
  .openapi('GenerateObjectRequest');

const GenerateObjectResponseSchema = z
  .object({
    object: z.unknown(),
    text: z.string(),
    finishReason: z.enum(['stop', 'length', 'abort']),
    usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }),
    sources: z.array(SearchResultSchema).optional(),
  })
  .openapi('GenerateObjectResponse');

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
