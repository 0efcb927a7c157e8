import { fileURLToPath } from 'node:url';
import type { JsonSchema, StreamPart } from '@lore/core';
import { createTransformersModel } from '@lore/llm';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, test } from 'vitest';

// The one-layer random-weight ONNX decoder with a byte-level vocabulary (packages/llm/fixtures).
const folder = fileURLToPath(new URL('../../packages/llm/fixtures/tiny-decoder', import.meta.url));
const messages = [{ role: 'user' as const, content: 'JSON please.' }];
// Independent of the provider's own check.
const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);

const schemas: Record<string, JsonSchema> = {
  object: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      label: { type: 'string', maxLength: 6 },
      ok: { type: 'boolean' },
    },
    required: ['id', 'label', 'ok'],
    additionalProperties: false,
  },
  enumArray: {
    type: 'array',
    items: { enum: ['red', 'green', 'blue'] },
    minItems: 2,
    maxItems: 3,
  },
  union: { anyOf: [{ type: 'null' }, { type: 'number' }, { const: 'none' }] },
  bounds: {
    type: 'object',
    properties: {
      percent: { type: 'integer', minimum: 0, maximum: 100 },
      ratio: { type: 'number', exclusiveMinimum: -1, maximum: 1 },
    },
    required: ['percent', 'ratio'],
  },
  formats: {
    type: 'object',
    properties: {
      day: { type: 'string', format: 'date' },
      id: { type: 'string', format: 'uuid' },
      code: { type: 'string', pattern: '^[A-Z]{2}-\\d{2,3}$' },
    },
    required: ['day', 'id', 'code'],
  },
  sizes: {
    type: 'object',
    properties: { a: { type: 'boolean' }, b: { type: 'boolean' }, c: { type: 'null' } },
    minProperties: 2,
    maxProperties: 2,
  },
  unique: { type: 'array', items: { enum: ['x', 'y', 'z'] }, minItems: 2, maxItems: 2, uniqueItems: true },
  nested: {
    type: 'object',
    properties: {
      point: {
        type: 'object',
        properties: { x: { type: 'integer' }, y: { type: 'integer' } },
        required: ['x', 'y'],
      },
    },
    required: ['point'],
  },
};

describe('structured output on the transformers.js provider (logits processor)', () => {
  const model = createTransformersModel({ model: folder, threads: 1 });
  afterAll(() => model.close());

  test('the random model without constraints does not write JSON', async () => {
    const { text } = await model.generate({ messages, maxTokens: 20 });
    expect(() => JSON.parse(text)).toThrow();
  });

  test.each(Object.entries(schemas))(
    '%s: every sampled output parses and validates',
    async (_name, schema) => {
      const validate = ajv.compile(schema);
      for (const seed of [1, 2, 3]) {
        const result = await model.generate({
          messages,
          maxTokens: 160,
          temperature: 1,
          seed,
          responseFormat: { type: 'json_schema', schema },
        });
        expect(result.finishReason).toBe('stop');
        expect(validate(JSON.parse(result.text)), result.text).toBe(true);
      }
    },
  );

  test('streamed deltas join to the validated JSON and generation ends when the grammar completes', async () => {
    const parts: StreamPart[] = [];
    const request = {
      messages,
      maxTokens: 160,
      responseFormat: { type: 'json_schema', schema: schemas.object },
    };
    for await (const part of model.stream(request as Parameters<typeof model.stream>[0])) parts.push(part);
    const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
    const value = JSON.parse(text) as { id: number; label: string; ok: boolean };
    expect(Object.keys(value)).toEqual(['id', 'label', 'ok']);
    expect(value.label.length).toBeLessThanOrEqual(6);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  test('an unsupported keyword fails with BAD_REQUEST before generating', async () => {
    const request = model.generate({
      messages,
      responseFormat: { type: 'json_schema', schema: { type: 'string', pattern: '(?<=a)b' } },
    });
    await expect(request).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('pattern'),
    });
  });
});
