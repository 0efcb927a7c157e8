import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLanguageModel, createTestLore } from '../support/lore.js';

// A long document whose one relevant sentence sits among many that are not.
const filler = [
  'The harbor wall was rebuilt after the storm of 1953.',
  'Fishing boats leave before dawn and return at noon.',
  'The town council meets on the first Tuesday of each month.',
  'A narrow lane of cobblestones leads up from the quay to the church.',
  'Gulls nest on the roofs of the old net lofts every spring.',
  'The school has two classrooms and a garden for vegetables.',
];
const fact = 'A return ticket on the ferry costs 9 euros for adults.';
const harbor = [
  ...Array.from({ length: 5 }, () => filler).flat(),
  fact,
  ...Array.from({ length: 5 }, () => filler).flat(),
].join(' ');
const perplexity =
  'Perplexity measures how well a language model predicts a text. It is the exponential of the average negative log-likelihood per token, so a lower perplexity means better predictions.';

describe('grounded answers on a time budget, with Qwen2.5-Coder 0.5B', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore('pglite', { languageModel: createTestLanguageModel({ model: 'quality' }) });
    await env.lore.collections.create({ name: 'harbor' });
    await env.lore.collections.create({ name: 'terms' });
    await env.lore.ingest({
      collection: 'harbor',
      documents: [{ text: harbor, title: 'Harbor' }],
      wait: true,
    });
    await env.lore.ingest({
      collection: 'terms',
      documents: [{ text: perplexity, title: 'Perplexity' }],
      wait: true,
    });
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  test('a tight budget sends the sentences that answer, and the citation points at exact document text', async () => {
    const documentTokens = await env.lore.languageModel?.countTokens(harbor);
    const result = await env.lore.ask({
      collection: 'harbor',
      question: 'How much is a return ticket on the ferry?',
      firstTokenSeconds: 0.01,
      sampling: { temperature: 0, maxTokens: 40 },
    });
    expect(result.usage.promptTokens).toBeLessThan(documentTokens ?? 0);
    expect(result.answerable).toBe(true);
    expect(result.answer).toMatch(/9/);
    expect(result.citations.length).toBeGreaterThan(0);
    for (const citation of result.citations) {
      expect(harbor.slice(citation.start, citation.end)).toBe(citation.text);
    }
    const cited = result.citations.map((citation) => citation.text).join(' ');
    expect(cited).toContain(fact);
    expect(cited.length).toBeLessThan(harbor.length / 4);
  });

  test("at the web UI's temperature 0.3 a document that states the fact gets an answer that cites it", async () => {
    for (const seed of [1, 2, 3]) {
      const result = await env.lore.ask({
        collection: 'terms',
        question: 'What is perplexity?',
        sampling: { temperature: 0.3, seed, maxTokens: 60 },
      });
      expect(result.answerable, result.answer).toBe(true);
      expect(result.answer).toMatch(/predict|likelihood/i);
      expect(result.citations.map((citation) => citation.title)).toEqual(['Perplexity']);
    }
  });
});
