import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createTestLanguageModel, createTestLore } from '../support/lore.js';

const Planet = z.object({
  name: z.string().max(16),
  moons: z.int(),
  ringed: z.boolean(),
  kind: z.enum(['rocky', 'gas giant', 'ice giant']),
});

describe('lore.generateObject on the real GGUF model', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    const languageModel = createTestLanguageModel();
    env = await createTestLore('pglite', { languageModel });
    await env.lore.collections.create({ name: 'space' });
    await env.lore.ingest({
      collection: 'space',
      documents: [
        {
          title: 'Saturn',
          text: 'Saturn is a gas giant, the sixth planet from the Sun. It has a bright ring system and 146 known moons.',
        },
        {
          title: 'Mars',
          text: 'Mars is a rocky planet with two small moons, Phobos and Deimos, and no rings.',
        },
      ],
      wait: true,
    });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('a zod schema gives a typed object that parses with it', async () => {
    const result = await env.lore.generateObject({
      schema: Planet,
      prompt: 'Describe the planet Jupiter.',
      temperature: 0,
      maxTokens: 100,
    });
    expect(Planet.parse(result.object)).toEqual(result.object);
    expect(JSON.parse(result.text)).toEqual(result.object);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
  });

  test('a plain JSON schema works too', async () => {
    const result = await env.lore.generateObject({
      schema: { type: 'array', items: { type: 'string', maxLength: 12 }, minItems: 2, maxItems: 3 },
      prompt: 'Name some colours.',
      temperature: 0,
      maxTokens: 60,
    });
    expect(Array.isArray(result.object)).toBe(true);
    expect((result.object as string[]).length).toBeGreaterThanOrEqual(2);
  });

  test('grounded on a collection, it returns the sources it used', async () => {
    const result = await env.lore.generateObject({
      schema: Planet,
      prompt: 'Saturn',
      collection: 'space',
      topK: 1,
      temperature: 0,
      maxTokens: 100,
    });
    expect(result.sources?.[0]?.title).toBe('Saturn');
    expect(Planet.safeParse(result.object).success).toBe(true);
  });

  test('zod refinements that JSON Schema cannot express are still checked', async () => {
    const Odd = z.object({ n: z.int().refine((n) => n === -12345, 'must be -12345') });
    await expect(
      env.lore.generateObject({ schema: Odd, prompt: 'A number.', temperature: 0, maxTokens: 30 }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });

  test('an unsupported zod check fails up front with BAD_REQUEST', async () => {
    const schema = z.object({ code: z.string().regex(/^(?!x)[a-z]{3}$/) });
    await expect(env.lore.generateObject({ schema, prompt: 'A code.' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('pattern'),
    });
  });
});
