import { builtinToolNames } from '@lore/core/defaults';
import { UsageSchema } from './common.js';
import { z } from './zod.js';

export const AgentRunRequestSchema = z
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

export const AgentStepSchema = z
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

export const AgentRunResponseSchema = z
  .object({
    answer: z.string(),
    finishReason: z.enum(['answer', 'max_steps']),
    steps: z.array(AgentStepSchema),
    usage: UsageSchema,
  })
  .openapi('AgentRunResponse');

/** An agent run's body. */
export type AgentRunRequest = z.infer<typeof AgentRunRequestSchema>;
/** The agent's answer and every step it took. */
export type AgentResult = z.infer<typeof AgentRunResponseSchema>;
