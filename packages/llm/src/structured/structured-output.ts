import { LoreError } from '@lore/core/errors';
import type { ResponseFormat, SamplingOptions, StreamPart } from '@lore/core/spec';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { compileJsonObject, compileSchema } from './compile-schema.js';
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
  /** Keywords (JSON pointers) the grammar does not guarantee; outputs are validated and retried for them. */
  readonly unchecked: readonly string[];
  /** Why the final text does not parse or validate; undefined when it does. */
  check(text: string): string | undefined;
  /** Parses the final text and validates it; throws when it does not (INTERNAL for a grammar it should meet). */
  parse(text: string): unknown;
}

/** How many generations a validated structured request may take before it fails with UNPROCESSABLE. */
export const structuredAttempts = 4;

/** Compiles `responseFormat` (undefined for plain text); unsupported schemas fail with BAD_REQUEST. */
export function compileResponseFormat(
  responseFormat: ResponseFormat | undefined,
): StructuredOutput | undefined {
  if (!responseFormat || responseFormat.type === 'text') return undefined;
  let validate: (value: unknown) => string | undefined;
  let grammar: Grammar;
  let unchecked: string[] = [];
  if (responseFormat.type === 'json_object') {
    grammar = compileJsonObject();
    validate = (value) =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'not a JSON object';
  } else if (responseFormat.type === 'json_schema') {
    ({ grammar, unchecked } = compileSchema(responseFormat.schema));
    const { $schema: _ignored, ...schema } = responseFormat.schema;
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    addFormats.default(ajv);
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
  const check = (text: string): string | undefined => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return 'not JSON';
    }
    return validate(value);
  };
  return {
    grammar,
    gbnf: toGbnf(grammar),
    recognizer: createRecognizer(grammar),
    unchecked,
    check,
    parse(text) {
      const problem = check(text);
      if (problem) {
        throw new LoreError(
          unchecked.length > 0 ? 'UNPROCESSABLE' : 'INTERNAL',
          `The constrained output does not match the schema (${problem}): ${text.slice(0, 200)}`,
        );
      }
      return JSON.parse(text);
    },
  };
}

/**
 * The request for attempt `attempt` (from 0) of a validated structured generation: later attempts sample
 * with another seed and some temperature, so a greedy request does not repeat the output that failed.
 */
export function retryRequest<T extends SamplingOptions>(request: T, attempt: number): T {
  if (attempt === 0) return request;
  return {
    ...request,
    seed: (request.seed ?? 0) + attempt * 7919,
    temperature: Math.max(request.temperature ?? 0, 0.6 + 0.1 * attempt),
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
 * or whose text does not validate, throws instead of finishing. When the grammar leaves keywords unchecked
 * and `source` can start another attempt, the text is held back until it validates, and up to
 * `structuredAttempts` generations run before it fails with UNPROCESSABLE naming the keywords.
 */
export async function* checkStructuredStream(
  source: AsyncIterable<StreamPart> | ((attempt: number) => AsyncIterable<StreamPart>),
  output: StructuredOutput,
  maxTokens: number | undefined,
): AsyncGenerator<StreamPart> {
  if (typeof source === 'function' && output.unchecked.length > 0) {
    yield* validatedAttempts(source, output, maxTokens);
    return;
  }
  const parts = typeof source === 'function' ? source(0) : source;
  let text = '';
  for await (const part of parts) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'finish') {
      const reason = part.finishReason;
      if (reason === 'abort') {
        yield part;
        return;
      }
      if (reason === 'length') throw lengthError(maxTokens);
      output.parse(text);
    }
    yield part;
  }
}

async function* validatedAttempts(
  start: (attempt: number) => AsyncIterable<StreamPart>,
  output: StructuredOutput,
  maxTokens: number | undefined,
): AsyncGenerator<StreamPart> {
  const usage = { promptTokens: 0, completionTokens: 0 };
  let problem: string | undefined;
  for (let attempt = 0; attempt < structuredAttempts; attempt++) {
    let text = '';
    for await (const part of start(attempt)) {
      if (part.type === 'text-delta') {
        text += part.text;
        continue;
      }
      usage.promptTokens += part.usage.promptTokens;
      usage.completionTokens += part.usage.completionTokens;
      if (part.finishReason === 'length') throw lengthError(maxTokens);
      problem = part.finishReason === 'abort' ? undefined : output.check(text);
      if (problem === undefined) {
        if (text) yield { type: 'text-delta', text };
        yield { ...part, usage };
        return;
      }
    }
  }
  throw new LoreError(
    'UNPROCESSABLE',
    `${structuredAttempts} generations did not satisfy ${output.unchecked.join(', ')}, which decoding cannot enforce (last: ${problem}). Loosen those keywords, or ask for the values in the prompt.`,
  );
}

function lengthError(maxTokens: number | undefined): LoreError {
  return new LoreError(
    'UNPROCESSABLE',
    `The model used all ${maxTokens ?? 'its'} tokens before the JSON was complete. Raise maxTokens, or bound the schema's strings (maxLength) and arrays (maxItems).`,
  );
}
