import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { builtinToolNames, type Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { ErrorSchema, json } from '../schemas.js';

const AgentRunRequestSchema = z
  .object({
    input: z.string().min(1).max(16_000),
    collections: z.array(z.string()).max(20).optional(),
    tools: z.array(z.enum(builtinToolNames)).max(builtinToolNames.length).optional(),
    maxSteps: z.number().int().min(1).max(16).optional(),
    toolChoice: z.enum(['auto', 'required']).optional(),
    maxAnswerChars: z.number().int().min(1).max(8_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    seed: z.number().int().optional(),
    maxTokens: z.number().int().min(1).max(4_096).optional(),
  })
  .strict()
  .openapi('AgentRunRequest');

const AgentStepSchema = z
  .object({
    type: z.enum(['tool', 'answer']),
    tool: z.string().optional(),
    input: z.unknown().optional(),
    /** What the model wrote before a tool call, when the step asked for a thought. */
    thought: z.string().optional(),
    output: z.unknown().optional(),
    error: z.string().optional(),
    answer: z.string().optional(),
    /** The model's own answer, when the grounded check replaced it (e.g. with "not in the documents"). */
    draft: z.string().optional(),
    modelMs: z.number(),
    toolMs: z.number().optional(),
    checkMs: z.number().optional(),
  })
  .openapi('AgentStep');

const AgentRunResponseSchema = z
  .object({
    answer: z.string(),
    finishReason: z.enum(['answer', 'max_steps']),
    steps: z.array(AgentStepSchema),
    usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }),
  })
  .openapi('AgentRunResponse');

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
