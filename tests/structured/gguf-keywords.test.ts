import type { LanguageModel } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { keywordCases } from './keyword-cases.js';
import { createStructuredModel, runKeywordCase } from './keyword-model.js';
import { schemaCases } from './schema-cases.js';

describe('constrained decoding of the newer keywords on a real instruct GGUF (held-out set)', () => {
  let model: LanguageModel;
  beforeAll(() => {
    model = createStructuredModel();
  });
  afterAll(() => model.close());

  test('holds at least 30 distinct schemas, none from the base set', () => {
    const base = new Set(schemaCases.map((entry) => JSON.stringify(entry.schema)));
    const held = new Set(keywordCases.map((entry) => JSON.stringify(entry.schema)));
    expect(held.size).toBeGreaterThanOrEqual(30);
    expect([...held].filter((schema) => base.has(schema))).toEqual([]);
  });

  test.each(keywordCases)(
    '$name: the output validates with an independent ajv + ajv-formats',
    async (entry) => {
      const run = await runKeywordCase(model, entry);
      expect(run.problem, run.text).toBeUndefined();
      expect(run.finishReason).toBe('stop');
    },
  );
});
