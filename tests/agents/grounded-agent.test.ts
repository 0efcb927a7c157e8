import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLanguageModel, createTestLore } from '../support/lore.js';

const documents = [
  {
    title: 'Wexmoor Public Library',
    text: 'The Wexmoor Public Library opened in 1962 in a three-storey brick building designed by the architect Ines Carvalho. Its collection holds about 48,000 books. Books returned after the due date are charged a late fee of 0.25 euros per day.',
  },
  {
    title: 'Salt River Bridge',
    text: 'The Salt River Bridge was completed in 1931. The engineer Rudolf Hesse designed it as a steel truss bridge with 6 spans. The bridge is 412 metres long.',
  },
];

// What a new user does: POST /v1/agents/run with collections and nothing else, so every built-in tool is
// offered (read_document's integer bounds included) and the model picks each call itself; the only
// default policy is that the first step searches.
describe('POST /v1/agents/run with the built-in tools and the real instruct model (Qwen2.5 0.5B)', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore('pglite', {
      languageModel: createTestLanguageModel({ model: 'quality', contextSize: 4096 }),
    });
    await env.lore.collections.create({ name: 'towns' });
    await env.lore.ingest({ collection: 'towns', documents, wait: true });
  }, 300_000);
  afterAll(() => env?.cleanup());

  test('a question it must look up: searches, then answers with the fact from the document', async () => {
    const { status, body } = await call(env.app, 'POST', '/v1/agents/run', {
      input: 'Who designed the Wexmoor Public Library?',
      collections: ['towns'],
      temperature: 0,
    });
    expect(status).toBe(200);
    const [search, ...rest] = body.steps;
    expect(search).toMatchObject({ type: 'tool', tool: 'search', input: { collection: 'towns' } });
    expect(JSON.stringify(search.output)).toContain('Carvalho');
    expect(rest.at(-1).type).toBe('answer');
    expect(body.finishReason).toBe('answer');
    expect(body.answer).toMatch(/Carvalho/);
  }, 300_000);
});
