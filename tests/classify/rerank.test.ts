import { createLanguageModelReranker } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLanguageModel, createTestLore } from '../support/lore.js';

const owls = 'Owls eat mice, voles and small birds that they catch at night.';
const documents = [
  'The stock market fell sharply on Tuesday.',
  'A recipe for chocolate cake with butter.',
  owls,
];

describe('the LLM reranker (yes/no token probabilities) on the real GGUF model', () => {
  const model = createTestLanguageModel({ contextSize: 1024 });
  afterAll(() => model.close());

  // Gemma 270M base cannot really judge relevance (yes-probabilities of 0.88-0.91 for all three here, and
  // the cake recipe edges out the owls); what this checks is the mechanics: a deterministic re-ordering.
  test('re-orders the documents by the yes/no probability; scores are probabilities, best first', async () => {
    const reranker = createLanguageModelReranker({ model });
    const { ranking } = await reranker.rerank({ query: 'What do owls eat?', documents });
    expect(ranking.map((entry) => entry.index).sort()).toEqual([0, 1, 2]);
    expect(ranking.map((entry) => entry.index)).not.toEqual([0, 1, 2]);
    const again = await reranker.rerank({ query: 'What do owls eat?', documents: [...documents].reverse() });
    expect(again.ranking.map((entry) => documents[2 - entry.index])).toEqual(
      ranking.map((entry) => documents[entry.index]),
    );
    const scores = ranking.map((entry) => entry.score);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
    for (const score of scores) expect(score > 0 && score < 1).toBe(true);
    const { ranking: top } = await reranker.rerank({ query: 'What do owls eat?', documents, topN: 1 });
    expect(top).toEqual([ranking[0]]);
  });
});

describe('rerank: true on search and ask', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    const languageModel = createTestLanguageModel();
    env = await createTestLore('pglite', { languageModel });
    await env.lore.collections.create({ name: 'mixed' });
    await env.lore.ingest({
      collection: 'mixed',
      documents: documents.map((text) => ({ text })),
      wait: true,
    });
  }, 120_000);
  afterAll(() => env?.cleanup());

  test('search re-scores the fused candidates with the reranker: its probabilities, best first', async () => {
    const query = 'What do owls eat?';
    const plain = await call(env.app, 'POST', '/v1/collections/mixed/search', { query });
    const reranked = await call(env.app, 'POST', '/v1/collections/mixed/search', {
      query,
      rerank: true,
      topK: 2,
    });
    expect(reranked.status).toBe(200);
    expect(reranked.body.results).toHaveLength(2);
    // Same order and scores as the reranker gives the retrieved candidates directly.
    const candidates: { text: string }[] = plain.body.results;
    const reranker = createLanguageModelReranker({ model: env.lore.languageModel as never });
    const { ranking } = await reranker.rerank({ query, documents: candidates.map((result) => result.text) });
    const expected = ranking.slice(0, 2);
    reranked.body.results.forEach((result: { text: string; score: number }, index: number) => {
      expect(result.text).toBe(candidates[expected[index]?.index as number]?.text);
      expect(result.score).toBeCloseTo(expected[index]?.score as number, 4);
      expect(result.score > 0 && result.score < 1).toBe(true);
    });
    expect(reranked.body.results[0].score).toBeGreaterThanOrEqual(reranked.body.results[1].score);
  });

  test('ask accepts rerank', async () => {
    const { status, body } = await call(env.app, 'POST', '/v1/collections/mixed/ask', {
      question: 'What do owls eat?',
      rerank: true,
      topK: 1,
      maxTokens: 16,
      seed: 1,
    });
    expect(status).toBe(200);
    expect(typeof body.answer).toBe('string');
  });
});
