import { LoreError } from '@lore/core';
import type { ResponseFormat, StreamPart } from '@lore/core/spec';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { compileJsonObject, compileJsonSchema } from './compile-schema.js';
import { toGbnf } from './gbnf.js';
import type { Grammar } from './grammar.js';
import { createRecognizer, type Recognizer } from './recognizer.js';

/** A response format compiled once: its grammar for each backend and a check of the final text. */
export interface StructuredOutput {
  readonly grammar: Grammar;
  /** The grammar as GBNF for llama.cpp. */
  readonly gbnf: string;
  /** A recognizer for logits processors; its caches are shared by the generations of this format. */
  readonly recognizer: Recognizer;
  /** Parses the final text and validates it; throws INTERNAL when it does not (a decoding bug). */
  parse(text: string): unknown;
}

/** Compiles `responseFormat` (undefined for plain text); unsupported schemas fail with BAD_REQUEST. */
export function compileResponseFormat(
  responseFormat: ResponseFormat | undefined,
): StructuredOutput | undefined {
  if (!responseFormat || responseFormat.type === 'text') return undefined;
  let validate: (value: unknown) => string | undefined;
  let grammar: Grammar;
  if (responseFormat.type === 'json_object') {
    grammar = compileJsonObject();
    validate = (value) =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'not a JSON object';
  } else if (responseFormat.type === 'json_schema') {
    grammar = compileJsonSchema(responseFormat.schema);
    const { $schema: _ignored, ...schema } = responseFormat.schema;
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
    let check: ReturnType<typeof ajv.compile>;
    try {
      check = ajv.compile(schema);
    } catch (error) {
      throw new LoreError('BAD_REQUEST', `The JSON schema is invalid: ${(error as Error).message}`, {
        cause: error,
      });
    }
    validate = (value) => (check(value) ? undefined : ajv.errorsText(check.errors));
  } else {
    throw new LoreError(
      'BAD_REQUEST',
      `Unknown response format ${JSON.stringify((responseFormat as { type: unknown }).type)}.`,
    );
  }
  return {
    grammar,
    gbnf: toGbnf(grammar),
    recognizer: createRecognizer(grammar),
    parse(text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new LoreError('INTERNAL', `The constrained output is not JSON: ${text.slice(0, 200)}`, {
          cause: error,
        });
      }
      const problem = validate(value);
      if (problem) {
        throw new LoreError(
          'INTERNAL',
          `The constrained output does not match the schema (${problem}): ${text.slice(0, 200)}`,
        );
      }
      return value;
    },
  };
}

/** Compiles response formats once each; keeps the most recent `size`. */
export function createStructuredOutputCache(
  size = 64,
): (format: ResponseFormat | undefined) => StructuredOutput | undefined {
  const cache = new Map<string, StructuredOutput>();
  return (format) => {
    if (!format || format.type === 'text') return undefined;
    const key = JSON.stringify(format.type === 'json_schema' ? format.schema : format);
    let found = cache.get(key);
    if (found) {
      cache.delete(key);
    } else {
      found = compileResponseFormat(format) as StructuredOutput;
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(key, found);
    return found;
  };
}

/**
 * Passes a generation through and checks it at the end: a structured generation that ran out of tokens,
 * or whose text does not validate, throws instead of finishing.
 */
export async function* checkStructuredStream(
  parts: AsyncIterable<StreamPart>,
  output: StructuredOutput,
  maxTokens: number | undefined,
): AsyncGenerator<StreamPart> {
  let text = '';
  for await (const part of parts) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'finish') {
      const reason = part.finishReason;
      if (reason === 'abort') {
        yield part;
        return;
      }
      if (reason === 'length') {
        throw new LoreError(
          'UNPROCESSABLE',
          `The model used all ${maxTokens ?? 'its'} tokens before the JSON was complete. Raise maxTokens, or bound the schema's strings (maxLength) and arrays (maxItems).`,
        );
      }
      output.parse(text);
    }
    yield part;
  }
}
