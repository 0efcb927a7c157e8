import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLanguageModel, createTestLore } from '../support/lore.js';

describe('POST /v1/agents/run with the real GGUF model', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    const languageModel = createTestLanguageModel();
    env = await createTestLore('pglite', { languageModel });
    await env.lore.collections.create({ name: 'birds' });
    await env.lore.ingest({
      collection: 'birds',
      documents: [{ text: 'Owls hunt at night and can turn their heads 270 degrees.' }],
      wait: true,
    });
  }, 120_000);
  afterAll(() => env?.cleanup());

  test('runs the loop with a required tool call, then an answer; every step recorded with timings', async () => {
    const { status, body } = await call(env.app, 'POST', '/v1/agents/run', {
      input: 'Search the birds collection: how far can an owl turn its head?',
      collections: ['birds'],
      tools: ['search'],
      toolChoice: 'required',
      maxSteps: 2,
      maxAnswerChars: 30,
      maxTokens: 64,
      seed: 1,
      temperature: 0,
    });
    expect(status).toBe(200);
    expect(body.finishReason).toBe('max_steps');
    const [search, answer] = body.steps;
    expect(search).toMatchObject({ type: 'tool', tool: 'search', input: { collection: 'birds' } });
    expect(typeof search.input.query).toBe('string');
    expect(search.output[0].text).toContain('270 degrees');
    expect(search.modelMs).toBeGreaterThan(0);
    expect(search.toolMs).toBeGreaterThanOrEqual(0);
    expect(answer.type).toBe('answer');
    expect(answer.answer.length).toBeLessThanOrEqual(30);
    expect(body.answer).toBe(answer.answer);
  }, 600_000);

  test('bad requests: an unknown tool, search without collections, a collection that does not exist', async () => {
    const unknown = await call(env.app, 'POST', '/v1/agents/run', { input: 'x', tools: ['shell'] });
    expect(unknown.status).toBe(400);
    const noCollection = await call(env.app, 'POST', '/v1/agents/run', { input: 'x', tools: ['search'] });
    expect(noCollection.status).toBe(400);
    expect(noCollection.body.error.message).toMatch(/needs at least one collection/);
    const missing = await call(env.app, 'POST', '/v1/agents/run', { input: 'x', collections: ['nope'] });
    expect(missing.status).toBe(404);
  });
});
