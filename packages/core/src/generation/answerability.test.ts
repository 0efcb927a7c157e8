import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../retrieval/search.js';
import type { LanguageModel, ScoreContinuationsOptions } from '../spec/language-model.js';
import { ANSWERABILITY_REQUEST, answerability, yesShare } from './answerability.js';
import { buildGroundedPrompt } from './prompt.js';

describe('yesShare', () => {
  it('is P(yes) / (P(yes) + P(no)) over both spellings of each word', () => {
    // P(Yes) 0.3, P(yes) 0.1, P(No) 0.05, P(no) 0.05: 0.4 / 0.5.
    expect(yesShare([Math.log(0.3), Math.log(0.1)], [Math.log(0.05), Math.log(0.05)])).toBeCloseTo(0.8, 6);
    expect(yesShare([Math.log(0.01), Math.log(0.01)], [Math.log(0.5), Math.log(0.3)])).toBeCloseTo(
      0.02 / 0.82,
      6,
    );
  });

  it('stays finite for log-probabilities far below zero', () => {
    expect(yesShare([-2000, -2001], [-1000, -1001])).toBe(0);
    expect(yesShare([-1000, -1001], [-2000, -2001])).toBe(1);
  });
});

describe('answerability', () => {
  const text = 'A cat sleeps fifteen hours a day.';
  const results: SearchResult[] = [
    {
      chunkId: 'c1',
      documentId: 'd1',
      title: 'Cats',
      text,
      start: 0,
      end: text.length,
      score: 1,
      metadata: {},
    },
  ];
  const model = (scored: ScoreContinuationsOptions[]): LanguageModel => ({
    provider: 'fixed',
    modelId: 'fixed',
    contextSize: async () => 2048,
    countTokens: async (text) => Math.ceil(text.length / 4),
    generate: async () => ({
      text: '',
      finishReason: 'stop',
      usage: { promptTokens: 0, completionTokens: 0 },
    }),
    stream: async function* () {},
    async scoreContinuations(options) {
      scored.push(options);
      return options.continuations.map((word) => Math.log(/^y/i.test(word) ? 0.3 : 0.1));
    },
    close: async () => {},
  });

  it('asks about the same sources and question as the answer prompt, so the two share a cached prefix', async () => {
    const scored: ScoreContinuationsOptions[] = [];
    const scorer = model(scored);
    const prompt = await buildGroundedPrompt({
      model: scorer,
      question: 'How long does a cat sleep?',
      results,
      maxAnswerTokens: 64,
    });
    expect(await answerability(scorer, prompt.checkMessages)).toBeCloseTo(0.75, 6);
    const [request] = scored;
    expect(request?.reusePrefix).toBe(true);
    const check = request?.messages.at(-1)?.content ?? '';
    const answer = prompt.messages.at(-1)?.content ?? '';
    expect(check.endsWith(ANSWERABILITY_REQUEST)).toBe(true);
    const shared = check.slice(0, check.length - ANSWERABILITY_REQUEST.length);
    expect(shared).toContain('A cat sleeps fifteen hours a day.');
    expect(shared).toContain('Question: How long does a cat sleep?');
    expect(answer.startsWith(shared)).toBe(true);
    expect(request?.messages[0]).toEqual(prompt.messages[0]);
  });

  it('is undefined for a model that cannot score tokens', async () => {
    const { scoreContinuations: _, ...plain } = model([]);
    expect(await answerability(plain, [{ role: 'user', content: 'x' }])).toBeUndefined();
  });
});
