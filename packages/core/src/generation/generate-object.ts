import { z } from 'zod';
import { LoreError, requireLanguageModel } from '../errors.js';
import { retrievalDefaults } from '../retrieval/defaults.js';
import type { SearchResult } from '../retrieval/search.js';
import type {
  ChatMessage,
  FinishReason,
  JsonSchema,
  LanguageModel,
  SamplingOptions,
  Usage,
} from '../spec/language-model.js';

/** What `generateObject` fills: a zod schema (typed result) or a plain JSON schema. */
export type ObjectSchema = z.ZodType | JsonSchema;

export interface GenerateObjectOptions<Schema extends ObjectSchema> extends SamplingOptions {
  schema: Schema;
  /** A name for the schema, passed to the provider (e.g. an OpenAI-compatible server). */
  schemaName?: string;
  /** The request as one user message; or give `messages`. */
  prompt?: string;
  system?: string;
  messages?: ChatMessage[];
  /** Ground the object on passages retrieved from this collection for the prompt (or last user message). */
  collection?: string;
  topK?: number;
  abortSignal?: AbortSignal;
}

export interface GenerateObjectResult<T> {
  object: T;
  /** The JSON text the model wrote. */
  text: string;
  usage: Usage;
  finishReason: FinishReason;
  /** The passages the object was grounded on, when `collection` was given. */
  sources?: SearchResult[];
}

type Inferred<Schema> = Schema extends z.ZodType ? z.output<Schema> : unknown;

/** Typed objects from the LLM: decoding is constrained to the schema, so the result always parses. */
export interface ObjectGeneration {
  generateObject<Schema extends ObjectSchema>(
    options: GenerateObjectOptions<Schema>,
  ): Promise<GenerateObjectResult<Inferred<Schema>>>;
}

export interface ObjectGenerationContext {
  model: LanguageModel | undefined;
  search: (
    collection: string,
    query: string,
    topK: number,
    abortSignal?: AbortSignal,
  ) => Promise<SearchResult[]>;
}

const isZod = (schema: ObjectSchema): schema is z.ZodType =>
  typeof (schema as { safeParse?: unknown }).safeParse === 'function';

/** The JSON schema of a zod schema (draft 2020-12), or the plain schema as given. */
function toJsonSchema(schema: ObjectSchema): JsonSchema {
  if (!isZod(schema)) return schema;
  try {
    return z.toJSONSchema(schema) as JsonSchema;
  } catch (error) {
    throw new LoreError(
      'BAD_REQUEST',
      `The zod schema has no JSON schema (${(error as Error).message}); transforms, dates and custom types cannot constrain decoding.`,
      { cause: error },
    );
  }
}

/** Builds `generateObject` on a language model and search. */
export function createObjectGeneration(context: ObjectGenerationContext): ObjectGeneration {
  return {
    async generateObject(options) {
      const model = requireLanguageModel(context.model, 'Structured outputs');
      const {
        schema,
        schemaName,
        prompt,
        system,
        collection,
        topK,
        abortSignal,
        messages: given,
        ...sampling
      } = options;
      if (!given?.length && !prompt)
        throw new LoreError('BAD_REQUEST', 'generateObject needs a prompt or messages.');
      const jsonSchema = toJsonSchema(schema);
      const messages: ChatMessage[] = given?.length
        ? [...given]
        : [{ role: 'user', content: prompt as string }];
      const instructions = [
        system,
        `Reply with JSON that matches this JSON schema:\n${JSON.stringify(jsonSchema)}`,
      ];
      let sources: SearchResult[] | undefined;
      if (collection) {
        const query = prompt ?? messages.findLast((message) => message.role === 'user')?.content ?? '';
        sources = await context.search(
          collection,
          query,
          topK ?? retrievalDefaults.generateObject.topK,
          abortSignal,
        );
        const passages = sources.map(
          (source, index) => `[${index + 1}] ${source.title}\n${source.text.trim()}`,
        );
        instructions.push(`Take the facts only from these sources:\n${passages.join('\n\n')}`);
      }
      const first = messages[0];
      const preamble = instructions.filter(Boolean).join('\n\n');
      if (first?.role === 'system')
        messages[0] = { role: 'system', content: `${first.content}\n\n${preamble}` };
      else messages.unshift({ role: 'system', content: preamble });
      const result = await model.generate({
        ...sampling,
        messages,
        responseFormat: { type: 'json_schema', schema: jsonSchema, ...(schemaName && { name: schemaName }) },
        ...(abortSignal && { abortSignal }),
      });
      if (result.finishReason === 'abort') throw new LoreError('ABORTED', 'generateObject was aborted.');
      // The provider validated the JSON against the JSON schema; zod adds what JSON Schema cannot say (refinements).
      const value: unknown = JSON.parse(result.text);
      let object = value;
      if (isZod(schema)) {
        const parsed = schema.safeParse(value);
        if (!parsed.success) {
          throw new LoreError(
            'UNPROCESSABLE',
            `The model's JSON fits the JSON schema but not the zod schema's extra checks: ${parsed.error.message}`,
          );
        }
        object = parsed.data;
      }
      return {
        object: object as never,
        text: result.text,
        usage: result.usage,
        finishReason: result.finishReason,
        ...(sources && { sources }),
      };
    },
  };
}
