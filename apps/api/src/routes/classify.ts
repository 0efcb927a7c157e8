import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { ClassifyRequestSchema, ClassifyResponseSchema, ErrorSchema } from '@lore/contract';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';

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
