import { z } from 'zod';
import type { JsonSchema } from '../spec/language-model.js';

/** What a tool's `execute` receives besides its input. */
export interface ToolExecuteOptions {
  /** Fires when the run is aborted or the tool's time is up; long tools should stop. */
  abortSignal: AbortSignal;
}

/** A tool the model may call: its arguments are constrained to `inputSchema` while decoding. */
export interface Tool<Input = unknown> {
  name: string;
  description: string;
  /** A zod schema for the arguments, or a JSON schema (e.g. from an MCP server). */
  inputSchema: z.ZodType<Input> | { jsonSchema: JsonSchema };
  execute(input: Input, options: ToolExecuteOptions): Promise<unknown>;
  /** Milliseconds before the call becomes an error result (default: the agent's `toolTimeoutMs`). */
  timeoutMs?: number;
}

const toolName = /^[A-Za-z0-9_-]{1,64}$/;

/** Declares a tool with a zod input schema; checks the name OpenAI and MCP clients accept. */
export function defineTool<Input>(tool: Tool<Input>): Tool<Input> {
  if (!toolName.test(tool.name)) {
    throw new Error(`Tool name "${tool.name}" must be 1-64 letters, digits, "_" or "-".`);
  }
  return tool;
}

/** The JSON schema of a tool's arguments, without the `$schema` header. */
export function toolParameters(tool: Tool<never> | Tool): JsonSchema {
  const schema = tool.inputSchema;
  if ('jsonSchema' in schema) return schema.jsonSchema;
  // The output view closes objects (additionalProperties: false), so the model cannot invent keys.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema as z.ZodType, {
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  return rest;
}

/** Validates arguments against a zod input schema; JSON-schema tools get them as decoded. */
export function parseToolInput(tool: Tool, input: unknown): unknown {
  const schema = tool.inputSchema;
  if ('jsonSchema' in schema) return input;
  const parsed = (schema as z.ZodType).safeParse(input);
  if (!parsed.success)
    throw new Error(`Invalid arguments for ${tool.name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
