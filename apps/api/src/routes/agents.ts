import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { AgentRunRequestSchema, AgentRunResponseSchema, ErrorSchema } from '@lore/contract';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';

/** `POST /v1/agents/run`: the tool-calling agent loop with the built-in tools. */
export function agentRoutes(lore: Lore) {
  return new OpenAPIHono().openapi(
    createRoute({
      method: 'post',
      path: '/v1/agents/run',
      middleware: scope('read'),
      request: {
        body: { ...json(AgentRunRequestSchema, 'The task and the tools to allow'), required: true },
      },
      responses: {
        200: json(AgentRunResponseSchema, 'The answer and every step (tool, input, output or error, time)'),
        400: json(ErrorSchema, 'Bad request'),
        404: json(ErrorSchema, 'No such collection'),
        503: json(ErrorSchema, 'No language model configured'),
      },
    }),
    async (c) => {
      const { temperature, seed, maxTokens, ...body } = c.req.valid('json');
      const result = await lore.runAgent({
        ...body,
        sampling: {
          ...(temperature !== undefined && { temperature }),
          ...(seed !== undefined && { seed }),
          ...(maxTokens !== undefined && { maxTokens }),
        },
        abortSignal: c.req.raw.signal,
      });
      return c.json(result, 200);
    },
  );
}
