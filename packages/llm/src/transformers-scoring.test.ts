import { fileURLToPath } from 'node:url';
import type { ChatMessage } from '@lore/core/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { createTransformersModel } from './transformers-model.js';

const folder = fileURLToPath(new URL('../fixtures/tiny-decoder', import.meta.url));
const messages: ChatMessage[] = [{ role: 'user', content: 'Say something.' }];

describe('transformers.js scoreContinuations', () => {
  const model = createTransformersModel({ model: folder, threads: 1 });
  afterAll(() => model.close());
  const score = (continuations: string[]) =>
    (model.scoreContinuations as NonNullable<typeof model.scoreContinuations>)({ messages, continuations });

  it('gives the greedy next token the highest log-probability of all single bytes', async () => {
    const greedy = (await model.generate({ messages, maxTokens: 1 })).text;
    const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!?'];
    const candidates = letters.includes(greedy) ? letters : [greedy, ...letters];
    const scores = await score(candidates);
    const best = candidates[scores.indexOf(Math.max(...scores))];
    expect(best).toBe(greedy);
    // Probabilities of disjoint next tokens sum to at most 1.
    expect(scores.reduce((sum, value) => sum + Math.exp(value), 0)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('adds log-probabilities along a continuation (chain rule)', async () => {
    const [a, ab] = await score(['a', 'ab']);
    expect(ab).toBeLessThan(a as number);
  });
});
