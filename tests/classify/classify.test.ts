import { createOpenAICompatibleModel } from '@lore/llm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLanguageModel, createTestLore } from '../support/lore.js';

describe('POST /v1/classify with the real GGUF model', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    // The obvious label must win: SmolLM2 135M put "animals" above "cars" for a sedan; the quality model does not.
    const languageModel = createTestLanguageModel({ contextSize: 1024, model: 'quality' });
    env = await createTestLore('pglite', { languageModel });
  }, 120_000);
  afterAll(() => env?.cleanup());

  test.each([
    ['The dog chased the cat around the garden.', 'animals'],
    ['The new engine gives this sedan 300 horsepower.', 'cars'],
  ])('picks the obvious label for %j, with probabilities that sum to 1', async (input, expected) => {
    const { status, body } = await call(env.app, 'POST', '/v1/classify', {
      input,
      labels: ['animals', 'cars'],
    });
    expect(status).toBe(200);
    expect(body.label).toBe(expected);
    expect(body.labels.map((entry: { label: string }) => entry.label)).toEqual(['animals', 'cars']);
    const total = body.labels.reduce(
      (sum: number, entry: { probability: number }) => sum + entry.probability,
      0,
    );
    expect(total).toBeCloseTo(1, 9);
    const best = body.labels.find((entry: { label: string }) => entry.label === expected);
    expect(best.probability).toBeGreaterThan(0.5);
  });

  test('multi-token labels and more than two labels still give one distribution', async () => {
    const { body } = await call(env.app, 'POST', '/v1/classify', {
      input: 'Whales are large mammals that live in the ocean.',
      labels: ['marine biology', 'car repair', 'tax law'],
    });
    expect(body.labels).toHaveLength(3);
    const total = body.labels.reduce(
      (sum: number, entry: { probability: number }) => sum + entry.probability,
      0,
    );
    expect(total).toBeCloseTo(1, 9);
    // No claim about which label wins: a 0.5B model is unreliable on multi-token labels.
    expect(['marine biology', 'car repair', 'tax law']).toContain(body.label);
  });

  test('bad input is a 400: one label, duplicate labels', async () => {
    expect((await call(env.app, 'POST', '/v1/classify', { input: 'x', labels: ['a'] })).status).toBe(400);
    const duplicate = await call(env.app, 'POST', '/v1/classify', { input: 'x', labels: ['a', 'a'] });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toMatch(/differ/);
  });
});

describe('classify with a provider that cannot score tokens', () => {
  test('an OpenAI-compatible server gives a clear 400, not a crash', async () => {
    const languageModel = createOpenAICompatibleModel({ baseURL: 'http://127.0.0.1:9/v1', model: 'remote' });
    const env = await createTestLore('pglite', { languageModel });
    try {
      const { status, body } = await call(env.app, 'POST', '/v1/classify', {
        input: 'x',
        labels: ['a', 'b'],
      });
      expect(status).toBe(400);
      expect(body.error.message).toMatch(/cannot score token probabilities/);
    } finally {
      await env.cleanup();
    }
  });
});
