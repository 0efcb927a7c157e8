import type { LanguageModel } from '@lore/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLanguageModel } from '../support/lore.js';
import { schemaCases } from './schema-cases.js';

// Ajv here is independent of the provider's own check; draft 2020-12 like the schemas.
const ajv = new Ajv2020({ strict: false });

describe('constrained decoding on the real CI model (Gemma 3 270M base GGUF)', () => {
  let model: LanguageModel;
  beforeAll(() => {
    model = createTestLanguageModel({ contextSize: 1024 });
  });
  afterAll(() => model.close());

  test('covers at least 30 distinct schemas', () => {
    expect(new Set(schemaCases.map((entry) => JSON.stringify(entry.schema))).size).toBeGreaterThanOrEqual(30);
  });

  test.each(schemaCases)('$name: the output parses and validates', async ({ schema, prompt }) => {
    const { $schema: _ignored, ...plain } = schema;
    const validate = ajv.compile(plain);
    const result = await model.generate({
      messages: [{ role: 'user', content: `${prompt} Answer in JSON.` }],
      temperature: 0,
      maxTokens: 160,
      responseFormat: { type: 'json_schema', schema },
    });
    const value = JSON.parse(result.text);
    expect(validate(value), `${result.text}\n${ajv.errorsText(validate.errors)}`).toBe(true);
    expect(result.finishReason).toBe('stop');
  });
});
