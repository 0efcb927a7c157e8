import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { ErrorSchema, json } from '../schemas.js';

const ClassifyRequestSchema = z
  .object({
    input: z.string().min(1).max(16_000),
    labels: z.array(z.string().min(1).max(200)).min(2).max(50),
    instruction: z.string().max(2_000).optional(),
  })
  .strict()
  .openapi('ClassifyRequest');

const ClassifyResponseSchema = z
  .object({
    label: z.string(),
    labels: z.array(z.object({ label: z.string(), probability: z.number() })),
  })
  .openapi('ClassifyResponse');

/** `POST /v1/classify`: the LLM as a classifier, from its token probabilities over the labels. */
export function classifyRoutes(lore: Lore) {
  return new OpenAPIHono().openapi(
    createRoute({
      method: 'post',
      path: '/v1/classify',
      middleware: scope('read'),
      request: { body: { ...json(ClassifyRequestSchema, 'Text and candidate labels'), required: true } },
      responses: {
        200: json(ClassifyResponseSchema, 'The best label and a probability for each (they sum to 1)'),
        400: json(ErrorSchema, 'Bad request, or a model that cannot score tokens'),
        503: json(ErrorSchema, 'No language model configured'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await lore.classify({ ...body, abortSignal: c.req.raw.signal });
      return c.json(result, 200);
    },
  );
}
