import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LanguageModel } from '@lore/core';
import { createLlamaCppModel } from '@lore/llm';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { SchemaCase } from './schema-cases.js';

/** The instruct GGUF for the keyword set: LORE_TEST_STRUCTURED_MODEL, else SmolLM2 135M Instruct. */
export function structuredModelPath(): string {
  const path =
    process.env.LORE_TEST_STRUCTURED_MODEL ??
    join(
      process.env.LORE_TEST_QUANTIZED_MODELS_DIR ?? join(homedir(), '.cache/lore/models'),
      'smollm2-135m-instruct-q4_1.gguf',
    );
  if (!existsSync(path)) {
    throw new Error(
      `No instruct GGUF at ${path}: run /work/shared/models/fetch-model.sh smollm2-135m-instruct or set LORE_TEST_STRUCTURED_MODEL.`,
    );
  }
  return path;
}

export function createStructuredModel(): LanguageModel {
  return createLlamaCppModel({
    model: structuredModelPath(),
    contextSize: 1024,
    slots: 1,
    threads: 1,
    gpu: false,
  });
}

// Independent of the provider's own check: a separate Ajv with ajv-formats, draft 2020-12 like the schemas.
const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);

/** One case's outcome: the text, the validator's complaint (undefined when valid) and generations used. */
export interface KeywordRun {
  text: string;
  problem: string | undefined;
  finishReason: string;
  attempts: number;
}

/**
 * Runs one case greedily; the generations the provider used are its prompt tokens over one prompt's
 * (each retry evaluates the prompt again).
 */
export async function runKeywordCase(model: LanguageModel, entry: SchemaCase): Promise<KeywordRun> {
  const { $schema: _ignored, ...plain } = entry.schema;
  const validate = ajv.compile(plain);
  const messages = [{ role: 'user' as const, content: `${entry.prompt} Answer in JSON.` }];
  const single = await model.generate({ messages, maxTokens: 1 });
  const result = await model.generate({
    messages,
    temperature: 0,
    maxTokens: 200,
    responseFormat: { type: 'json_schema', schema: entry.schema },
  });
  let problem: string | undefined;
  try {
    problem = validate(JSON.parse(result.text)) ? undefined : ajv.errorsText(validate.errors);
  } catch {
    problem = 'not JSON';
  }
  return {
    text: result.text,
    problem,
    finishReason: result.finishReason,
    attempts: Math.round(result.usage.promptTokens / single.usage.promptTokens),
  };
}
