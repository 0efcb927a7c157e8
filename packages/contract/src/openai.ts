import { JsonObjectSchema } from './common.js';
import { z } from './zod.js';

// The OpenAI-compatible surface: what `POST /v1/chat/completions` and `POST /v1/embeddings` accept.

/** OpenAI `tools`: functions with a JSON schema for their arguments. */
export const ToolsSchema = z
  .array(
    z.object({
      type: z.literal('function'),
      function: z.object({
        name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        description: z.string().max(4_000).optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
        strict: z.boolean().nullish(),
      }),
    }),
  )
  .max(64);

/** OpenAI `tool_choice`. */
export const ToolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
]);

/** An assistant message's earlier tool calls, as OpenAI clients send them back. */
export const ToolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

/** A message's content: a string or OpenAI's text parts. */
export const ContentSchema = z.union([
  z.string(),
  z.array(z.object({ type: z.literal('text'), text: z.string() }).passthrough()),
]);

/** `POST /v1/chat/completions`, in the OpenAI shape (tools, response formats and streaming included). */
export const ChatCompletionRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z
      .array(
        z
          .object({
            role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
            content: ContentSchema.nullish(),
          })
          .passthrough(),
      )
      .min(1),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
    temperature: z.number().min(0).max(2).optional(),
    // 0 keeps only the most likely token; OpenAI documents the same 0 to 1 range.
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().min(1).optional(),
    max_completion_tokens: z.number().int().min(1).optional(),
    stop: z.union([z.string(), z.array(z.string()).max(8)]).optional(),
    seed: z.number().int().optional(),
    n: z.literal(1).optional(),
    user: z.string().optional(),
    tools: ToolsSchema.optional(),
    tool_choice: ToolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('text') }),
        z.object({ type: z.literal('json_object') }),
        z.object({
          type: z.literal('json_schema'),
          json_schema: z.object({
            name: z.string().min(1).max(64),
            description: z.string().optional(),
            schema: JsonObjectSchema.optional(),
            strict: z.boolean().nullish(),
          }),
        }),
      ])
      .optional(),
  })
  .openapi('ChatCompletionRequest');

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;

/** `POST /v1/embeddings`, in the OpenAI shape. */
export const EmbeddingsRequestSchema = z
  .object({
    input: z.union([z.string(), z.array(z.string()).min(1).max(2_048)]),
    model: z.string().optional(),
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().min(1).optional(),
    user: z.string().optional(),
  })
  .openapi('EmbeddingsRequest');
