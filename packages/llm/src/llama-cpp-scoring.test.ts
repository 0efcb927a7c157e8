import type { ChatMessage } from '@lore/core/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { createLlamaCppModel } from './llama-cpp-model.js';
import { testModelPath, testThreads } from './test-model.js';

const messages: ChatMessage[] = [{ role: 'user', content: 'What is the capital of France?' }];

describe('llama.cpp scoreContinuations', () => {
  const model = createLlamaCppModel({
    model: testModelPath(),
    gpu: false,
    contextSize: 512,
    slots: 1,
    threads: testThreads(),
  });
  afterAll(() => model.close());
  const score = (continuations: string[], list = messages, reusePrefix?: boolean) =>
    (model.scoreContinuations as NonNullable<typeof model.scoreContinuations>)({
      messages: list,
      continuations,
      ...(reusePrefix !== undefined && { reusePrefix }),
    });

  it('gives the likely answer a higher log-probability than unlikely ones', async () => {
    const [paris, banana, empty] = await score([
      'The capital of France is Paris',
      'Banana banana banana',
      '',
    ]);
    expect(paris).toBeLessThan(0);
    expect(paris).toBeGreaterThan(banana as number);
    expect(empty).toBe(0);
  });

  it('scores each continuation as if alone: order and company do not change a score', async () => {
    const together = await score(['Paris', 'London', 'Paris']);
    const alone = await score(['London']);
    expect(together[0]).toBeCloseTo(together[2] as number, 3);
    expect(together[1]).toBeCloseTo(alone[0] as number, 3);
  });

  it('leaves the slot fit for generation: a seeded reply is the same before and after scoring', async () => {
    const generate = () => model.generate({ messages, maxTokens: 12, seed: 7, temperature: 0.8 });
    const before = (await generate()).text;
    await score(['Paris is the capital.', 'I do not know.']);
    expect((await generate()).text).toBe(before);
  });

  it('with reusePrefix scores after a generation over the same prompt as it does afresh', async () => {
    const long: ChatMessage[] = [
      {
        role: 'user',
        content: `Notes: ${'The river runs past the mill and the bakery. '.repeat(12)}\nWhat is the capital of France?`,
      },
    ];
    const fresh = await score(['Paris', 'London'], long);
    await model.generate({ messages: long, maxTokens: 4, temperature: 0 });
    const reused = await score(['Paris', 'London'], long, true);
    expect(reused[0]).toBeCloseTo(fresh[0] as number, 1);
    expect(reused[1]).toBeCloseTo(fresh[1] as number, 1);
    expect(reused[0]).toBeGreaterThan(reused[1] as number);
  });
});
