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
// offered (read_document's integer bounds included) under the product's grounded policy: the first step
// searches, and the question's kind (from the LLM as a classifier) decides whether a calculation follows.
// The test fixes no tool for any step.
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

  test('a question it must look up, then compute with: searches, calculates with the fee, answers', async () => {
    const { status, body } = await call(env.app, 'POST', '/v1/agents/run', {
      input: 'What late fee does the Wexmoor Public Library charge for a book returned 12 days late?',
      collections: ['towns'],
      temperature: 0,
    });
    expect(status).toBe(200);
    expect(body.steps.map((step: { type: string; tool?: string }) => step.tool ?? step.type)).toEqual([
      'search',
      'calculator',
      'answer',
    ]);
    const calculation = body.steps[1];
    // Its numbers are the document's fee and the question's days, whichever order the model wrote them in.
    expect(calculation.input.expression).toMatch(/^(0\.25 \* 12|12 \* 0\.25)$/);
    expect(calculation.output.result).toBe(3);
    expect(body.answer).toMatch(/\b3(\.0+)?\b/);
  }, 300_000);
});
