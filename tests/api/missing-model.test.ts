import { LoreError } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLore } from '../support/lore.js';

/** Lore built without a language model: every feature that needs one fails the same way. */
describe('a Lore without a language model', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore('pglite');
    await env.lore.collections.create({ name: 'notes' });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  const requests: [string, string, unknown, number, string][] = [
    ['POST', '/v1/collections/notes/ask', { question: 'Why?' }, 503, 'Answers'],
    [
      'POST',
      '/v1/chat/completions',
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }] },
      503,
      'Chat completions',
    ],
    ['POST', '/v1/agents/run', { input: 'Say hi.' }, 503, 'Agents'],
    ['POST', '/v1/objects', { prompt: 'A cat.', schema: { type: 'object' } }, 503, 'Structured outputs'],
    ['POST', '/v1/classify', { input: 'A cat.', labels: ['cat', 'dog'] }, 503, 'Classifications'],
    ['POST', '/v1/collections/notes/search', { query: 'cats', rerank: true }, 400, 'rerank'],
  ];
  test.each(requests)(
    '%s %s says what needs the model and how this server configures one',
    async (...args) => {
      const [method, path, body, status, feature] = args;
      const response = await call(env.app, method, path, body);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.error.message).toMatch(new RegExp(`^${feature} need`));
      expect(response.body.error.message).toContain('LORE_LLM_MODEL');
      // The variables the message names, for a client to show or act on without parsing it.
      expect(response.body.error.settings).toEqual(['LORE_LLM_MODEL', 'LORE_LLM_BASE_URL']);
    },
  );

  test('the SDK error names the missing part, not the API’s environment variables', async () => {
    const error = await env.lore.ask({ collection: 'notes', question: 'Why?' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(LoreError);
    expect(error).toMatchObject({ code: 'MODEL_UNAVAILABLE', missing: 'language-model' });
    expect(error.message).toBe('Answers need a language model, and none is configured.');
  });
});
