import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { ToolCallSchema, type ToolChoiceSchema, type ToolsSchema } from '@lore/contract';
import {
  type ChatMessage,
  type GenerateResult,
  type LanguageModel,
  LoreError,
  type SamplingOptions,
} from '@lore/core';
import {
  parseModelStep,
  type ToolChoice,
  type ToolDeclaration,
  toolStepSchema,
  toolSystemPrompt,
} from '@lore/core/internal';

type WireMessage = { role: string; content: string; tool_calls?: unknown; tool_call_id?: unknown };

/**
 * Maps OpenAI messages with `tool_calls` and `tool` results onto the model contract: a call becomes the
 * assistant's JSON step (the shape the model writes), a result a tool message naming its tool.
 */
export function toolAwareMessages(messages: WireMessage[]): ChatMessage[] {
  const names = new Map<string, string>();
  return messages.map((message): ChatMessage => {
    if (message.role === 'assistant' && message.tool_calls !== undefined) {
      const calls = z.array(ToolCallSchema).safeParse(message.tool_calls);
      if (!calls.success)
        throw new LoreError('BAD_REQUEST', 'An assistant message has malformed tool_calls.');
      const steps = calls.data.map((call) => {
        names.set(call.id, call.function.name);
        return JSON.stringify({
          tool: call.function.name,
          arguments: parseArguments(call.function.arguments),
        });
      });
      return { role: 'assistant', content: [message.content, ...steps].filter(Boolean).join('\n') };
    }
    if (message.role === 'tool') {
      const id = typeof message.tool_call_id === 'string' ? message.tool_call_id : undefined;
      if (!id) throw new LoreError('BAD_REQUEST', 'A tool message needs the tool_call_id it answers.');
      return {
        role: 'tool',
        content: JSON.stringify({ tool: names.get(id) ?? id, result: message.content }),
      };
    }
    return { role: message.role as ChatMessage['role'], content: message.content };
  });
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LoreError('BAD_REQUEST', 'tool_calls[].function.arguments must be a JSON string.');
  }
}

export type ToolCompletion =
  | { type: 'tool_calls'; calls: { id: string; name: string; arguments: string }[]; result: GenerateResult }
  | { type: 'answer'; content: string; result: GenerateResult };

/**
 * Generates one assistant turn under a schema that admits only the declared functions with their
 * `parameters` (plus a plain answer for `auto`), and reads it back as OpenAI tool calls or content.
 */
export async function completeWithTools(
  model: LanguageModel,
  options: {
    tools: z.infer<typeof ToolsSchema>;
    toolChoice: z.infer<typeof ToolChoiceSchema> | undefined;
    messages: ChatMessage[];
    sampling: SamplingOptions;
    abortSignal?: AbortSignal;
  },
): Promise<ToolCompletion> {
  const declarations: ToolDeclaration[] = options.tools.map(({ function: fn }) => ({
    name: fn.name,
    ...(fn.description && { description: fn.description }),
    parameters: fn.parameters ?? { type: 'object', properties: {} },
  }));
  const wanted = options.toolChoice ?? 'auto';
  const choice: ToolChoice = typeof wanted === 'object' ? { tool: wanted.function.name } : wanted;
  const [first, ...rest] = options.messages;
  const system = toolSystemPrompt(declarations, first?.role === 'system' ? first.content : undefined);
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    ...(first && first.role !== 'system' ? [first] : []),
    ...rest,
  ];
  const result = await model.generate({
    maxTokens: 512,
    ...Object.fromEntries(Object.entries(options.sampling).filter(([, value]) => value !== undefined)),
    messages,
    responseFormat: { type: 'json_schema', schema: toolStepSchema(declarations, choice), name: 'tool_step' },
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  const step = parseModelStep(result.text);
  if (step.type === 'answer') return { type: 'answer', content: step.text, result };
  return {
    type: 'tool_calls',
    calls: [
      {
        id: `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
        name: step.tool,
        arguments: JSON.stringify(step.arguments ?? {}),
      },
    ],
    result,
  };
}

/** The assistant message and finish reason of a tool completion, in OpenAI's shape. */
export function toolCompletionMessage(completion: ToolCompletion) {
  if (completion.type === 'answer') {
    return { message: { role: 'assistant' as const, content: completion.content }, finishReason: 'stop' };
  }
  const toolCalls = completion.calls.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    message: { role: 'assistant' as const, content: null, tool_calls: toolCalls },
    finishReason: 'tool_calls',
  };
}

/** The same message as stream deltas (tool calls carry their index), for `stream: true`. */
export function toolCompletionDeltas(completion: ToolCompletion): object[] {
  const { message } = toolCompletionMessage(completion);
  const calls = 'tool_calls' in message ? message.tool_calls : undefined;
  if (!calls) return [{ role: 'assistant', content: message.content }];
  return [
    { role: 'assistant', content: null },
    { tool_calls: calls.map((call, index) => ({ index, ...call })) },
  ];
}
