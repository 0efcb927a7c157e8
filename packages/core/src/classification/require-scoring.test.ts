import { describe, expect, it } from 'vitest';
import { createLanguageModelReranker } from '../retrieval/llm-reranker.js';
import type { LanguageModel } from '../spec/language-model.js';
import { classifyWithModel } from './classify.js';
import { requireScoring } from './require-scoring.js';

/** A model that only generates, like a remote OpenAI-compatible server: no token probabilities. */
const generateOnly: LanguageModel = {
  provider: 'openai-compatible',
  modelId: 'remote-chat',
  contextSize: async () => 4096,
  countTokens: async (text) => text.length,
  generate: async () => ({ text: '', finishReason: 'stop', usage: { promptTokens: 0, completionTokens: 0 } }),
  async *stream() {},
  close: async () => {},
};

describe('requireScoring', () => {
  it('classify and the LLM reranker refuse a model without scoring with the same code, naming model and feature', async () => {
    const refusal = (feature: string) => ({
      name: 'LoreError',
      code: 'BAD_REQUEST',
      message: expect.stringMatching(
        new RegExp(
          `^The openai-compatible model "remote-chat" cannot score token probabilities, which ${feature} needs\\.`,
        ),
      ),
    });
    await expect(classifyWithModel(generateOnly, { input: 'x', labels: ['a', 'b'] })).rejects.toMatchObject(
      refusal('classification'),
    );
    await expect(
      createLanguageModelReranker({ model: generateOnly }).rerank({ query: 'q', documents: ['d'] }),
    ).rejects.toMatchObject(refusal('LLM reranking'));
  });

  it('passes a model that can score through unchanged', async () => {
    const scoring: LanguageModel = { ...generateOnly, scoreContinuations: async () => [-1, -3] };
    expect(requireScoring(scoring, 'classification')).toBe(scoring);
    const result = await classifyWithModel(scoring, { input: 'x', labels: ['a', 'b'] });
    expect(result.label).toBe('a');
  });
});
