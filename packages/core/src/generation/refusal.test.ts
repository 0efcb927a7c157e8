import { describe, expect, it } from 'vitest';
import type { GenerateOptions, LanguageModel, StreamPart } from '../spec/language-model.js';
import { HEADER_RETRY, streamAnswer } from './refusal.js';

/** A model that replies with the given texts in turn, token by token (words), and records the requests. */
function scripted(replies: string[], requests: GenerateOptions[]): LanguageModel {
  return {
    provider: 'scripted',
    modelId: 'scripted',
    contextSize: async () => 2048,
    countTokens: async (text) => text.length,
    generate: async () => ({
      text: '',
      finishReason: 'stop',
      usage: { promptTokens: 0, completionTokens: 0 },
    }),
    async *stream(request): AsyncIterable<StreamPart> {
      requests.push(request);
      const reply = replies[requests.length - 1] ?? '';
      for (const piece of reply.split(/(?<= )/u)) yield { type: 'text-delta', text: piece };
      yield { type: 'finish', finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5 } };
    },
    close: async () => {},
  };
}

async function run(model: LanguageModel) {
  const shown: string[] = [];
  const stream = streamAnswer(
    model,
    { messages: [{ role: 'user', content: 'Sources: … Question: How long does a cat sleep?' }] },
    {
      sources: ['A cat sleeps fifteen hours a day.', 'Rockets burn hydrogen.'],
      titles: ['cats.txt', 'rockets.txt'],
      question: 'How long does a cat sleep?',
    },
  );
  for (;;) {
    const next = await stream.next();
    if (next.done) return { attempt: next.value, shown: shown.join('') };
    shown.push(next.value.text);
  }
}

describe('streamAnswer', () => {
  it('asks once more when the reply only lists source headers, and shows only the real answer', async () => {
    const requests: GenerateOptions[] = [];
    const model = scripted(
      ['[1] cats.txt\n[2] rockets.txt\n[3] cats.txt', 'A cat sleeps fifteen hours a day [1].'],
      requests,
    );
    const { attempt, shown } = await run(model);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.messages.at(-1)?.content.endsWith(HEADER_RETRY)).toBe(true);
    expect(attempt.refused).toBe(false);
    expect(shown).toBe('A cat sleeps fifteen hours a day [1].');
  });

  it('refuses without asking again when the model says the documents lack the answer', async () => {
    const requests: GenerateOptions[] = [];
    const { attempt, shown } = await run(scripted(['The answer is not in the documents.'], requests));
    expect(requests).toHaveLength(1);
    expect(attempt.refused).toBe(true);
    expect(shown).toBe('');
  });

  it('refuses an answer to "how many" whose number counts something else', async () => {
    const ask = async (question: string, reply: string) => {
      const stream = streamAnswer(
        scripted([reply], []),
        { messages: [{ role: 'user', content: `Question: ${question}` }] },
        {
          sources: ['Eleven sailors drowned in the wreck of the Amelia.'],
          titles: ['lifeboat.md'],
          question,
        },
      );
      for (;;) {
        const next = await stream.next();
        if (next.done) return next.value;
      }
    };
    expect((await ask('How many sailors drowned?', 'Eleven sailors drowned [1].')).refused).toBe(false);
    expect((await ask('How many people live here?', 'Eleven sailors drowned [1].')).refused).toBe(true);
  });
});
