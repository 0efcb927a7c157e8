import { LoreError } from '../errors.js';
import type { JsonSchema } from '../spec/language-model.js';

/** A tool as the model sees it: a name, what it does, and the JSON schema of its arguments. */
export interface ToolDeclaration {
  name: string;
  description?: string;
  parameters: JsonSchema;
}

/** Which replies a step allows: any (`auto`), a tool call (`required`), no tool (`none`), or one tool. */
export type ToolChoice = 'auto' | 'required' | 'none' | { tool: string };

/** One decoded model step: a tool call or a final answer. */
export type ModelStep =
  | { type: 'tool'; tool: string; arguments: unknown; thought?: string }
  | { type: 'answer'; text: string; thought?: string };

/** A thought before the reply: short, so a small model says which facts and which step, and stops. */
const thoughtSchema: JsonSchema = { type: 'string', maxLength: 200 };

function withThought(schema: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  return {
    ...schema,
    properties: { thought: thoughtSchema, ...properties },
    required: ['thought', ...((schema.required as string[]) ?? [])],
  };
}

function answerSchema(maxAnswerChars: number, answer?: JsonSchema): JsonSchema {
  return {
    type: 'object',
    properties: { answer: answer ?? { type: 'string', maxLength: maxAnswerChars } },
    required: ['answer'],
    additionalProperties: false,
  };
}

function callSchema(tool: ToolDeclaration): JsonSchema {
  return {
    type: 'object',
    properties: { tool: { const: tool.name }, arguments: tool.parameters },
    required: ['tool', 'arguments'],
    additionalProperties: false,
  };
}

/**
 * The JSON schema every model step is decoded under: an `anyOf` over `{ "tool": <name>, "arguments": ... }`
 * for the allowed tools, plus `{ "answer": string }` unless a tool call is required.
 */
export interface StepSchemaOptions {
  /** Longest answer text (default 1000). */
  maxAnswerChars?: number;
  /** The schema of the answer's text, e.g. an `enum` of sentences to quote from (default: a bounded string). */
  answer?: JsonSchema;
  /** Each reply starts with a `thought` string (ReAct). */
  thought?: boolean;
  /** Narrower argument schemas for this step, by tool name, e.g. an expression made of given numbers. */
  arguments?: Record<string, JsonSchema>;
}

export function toolStepSchema(
  tools: readonly ToolDeclaration[],
  choice: ToolChoice = 'auto',
  options: StepSchemaOptions = {},
): JsonSchema {
  const { maxAnswerChars = 1_000, answer, thought = false } = options;
  const step = thought ? withThought : (schema: JsonSchema) => schema;
  if (choice === 'none' || tools.length === 0) return step(answerSchema(maxAnswerChars, answer));
  let allowed = tools;
  if (typeof choice === 'object') {
    allowed = tools.filter((tool) => tool.name === choice.tool);
    if (allowed.length === 0) {
      throw new LoreError('BAD_REQUEST', `tool_choice names "${choice.tool}", which is not among the tools.`);
    }
  }
  const calls = allowed.map((tool) =>
    callSchema({ ...tool, parameters: options.arguments?.[tool.name] ?? tool.parameters }),
  );
  if (choice === 'auto') calls.push(answerSchema(maxAnswerChars, answer));
  const replies = calls.map(step);
  return replies.length === 1 ? (replies[0] as JsonSchema) : { anyOf: replies };
}

/** Reads a step the model wrote under `toolStepSchema`; text that is not such JSON counts as an answer. */
export function parseModelStep(text: string): ModelStep {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const thought = typeof value?.thought === 'string' ? { thought: value.thought } : {};
    if (typeof value?.tool === 'string' && 'arguments' in value) {
      return { type: 'tool', tool: value.tool, arguments: value.arguments, ...thought };
    }
    if (typeof value?.answer === 'string') return { type: 'answer', text: value.answer, ...thought };
  } catch {
    // Not JSON: a provider that does not constrain decoding answered in prose.
  }
  return { type: 'answer', text: text.trim() };
}

/** A tool's arguments as a short signature, e.g. `collection: "docs", query: string, limit?: integer`. */
function signature(parameters: JsonSchema): string {
  const properties = (parameters.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((parameters.required as string[] | undefined) ?? []);
  return Object.entries(properties)
    .map(([name, schema]) => `${name}${required.has(name) ? '' : '?'}: ${typeName(schema)}`)
    .join(', ');
}

function typeName(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeName).join(' | ');
  if (schema.type === 'array' && schema.items) return `${typeName(schema.items as JsonSchema)}[]`;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
}

/**
 * The system prompt that tells the model the reply format and lists the tools as short signatures
 * (fewer tokens than full JSON schemas, which small models read no better; decoding enforces the schema).
 */
export function toolSystemPrompt(tools: readonly ToolDeclaration[], instructions?: string): string {
  const list = tools
    .map((tool) => `- ${tool.name}(${signature(tool.parameters)}): ${tool.description ?? ''}`)
    .join('\n');
  return [
    instructions ?? 'You are a helpful assistant that can call tools.',
    'Reply with one JSON object: a tool call {"tool": "<name>", "arguments": {...}}, or the final answer {"answer": "<text>"}. Each tool result comes back in the next message.',
    `Tools:\n${list}`,
  ].join('\n\n');
}
