import type { StreamPart } from '@lore/core/spec';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppModel, type LlamaCppModel } from './llama-cpp-model.js';
import { testModelPath, testThreads } from './test-model.js';

const messages = [
  { role: 'system' as const, content: 'You are a terse assistant.' },
  { role: 'user' as const, content: 'Write a long story about a cat who lives in Paris.' },
];

describe('createLlamaCppModel', () => {
  let model: LlamaCppModel;

  beforeAll(() => {
    model = createLlamaCppModel({
      model: testModelPath(),
      gpu: false,
      contextSize: 512,
      slots: 1,
      maxQueue: 1,
      threads: testThreads(),
    });
  });
  afterAll(() => model.close());

  it('streams text deltas one by one before a single finish with usage', async () => {
    const parts: StreamPart[] = [];
    for await (const part of model.stream({ messages, maxTokens: 8 })) parts.push(part);
    const deltas = parts.filter((part) => part.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'length',
      usage: { promptTokens: expect.any(Number), completionTokens: 8 },
    });
    expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
  });

  it('gives the same text for the same seed and different text for other seeds', async () => {
    const sample = (seed: number) => model.generate({ messages, maxTokens: 12, temperature: 1.5, seed });
    const [first, again] = [await sample(7), await sample(7)];
    expect(first.text.length).toBeGreaterThan(0);
    expect(again.text).toBe(first.text);
    const others = new Set([(await sample(8)).text, (await sample(9)).text, (await sample(10)).text]);
    expect([...others].some((text) => text !== first.text)).toBe(true);
  });

  it('stops at a stop sequence without emitting it', async () => {
    const free = await model.generate({ messages, maxTokens: 12 });
    const word = free.text.trim().split(/\s+/)[1] as string;
    const stopped = await model.generate({ messages, maxTokens: 12, stop: [word] });
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.text).not.toContain(word);
    expect(free.text.startsWith(stopped.text)).toBe(true);
  });

  it('counts prompt tokens with the chat template and text with the model tokenizer', async () => {
    const text = 'Retrieval-augmented generation grounds answers in documents.';
    const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
    const direct = await llama.loadModel({ modelPath: testModelPath() });
    const expected = direct.tokenize(text).length;
    await llama.dispose();
    expect(await model.countTokens(text)).toBe(expected);
    expect(expected).toBeLessThan(text.length / 2);
    const result = await model.generate({ messages: [{ role: 'user', content: text }], maxTokens: 1 });
    expect(result.usage.promptTokens).toBeGreaterThan(expected);
  });

  it('rejects a prompt that does not fit the context with BAD_REQUEST', async () => {
    const long = 'word '.repeat(2000);
    await expect(model.generate({ messages: [{ role: 'user', content: long }] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('aborts a running generation, frees its slot for the queued request, and rejects past the queue', async () => {
    const controller = new AbortController();
    const running = model.stream({ messages, maxTokens: 200, abortSignal: controller.signal });
    const iterator = running[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });

    const queued = model.generate({ messages, maxTokens: 4 });
    await expect(model.generate({ messages, maxTokens: 4 })).rejects.toMatchObject({ code: 'OVERLOADED' });
    expect(model.stats()).toMatchObject({ running: 1, queued: 1 });

    controller.abort();
    const rest: StreamPart[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest.at(-1)).toMatchObject({ type: 'finish', finishReason: 'abort' });
    expect((await queued).finishReason).toBe('length');
    expect(model.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('ends with finishReason abort when aborted while queued', async () => {
    const first = model.generate({ messages, maxTokens: 16 });
    const controller = new AbortController();
    const waiting = model.generate({ messages, maxTokens: 16, abortSignal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await waiting).toMatchObject({ text: '', finishReason: 'abort' });
    expect((await first).finishReason).toBe('length');
  });
});

describe('createLlamaCppModel with two slots', () => {
  let model: LlamaCppModel;
  const system = { role: 'system' as const, content: 'You answer questions about a manual. '.repeat(10) };
  const ask = (content: string) => [system, { role: 'user' as const, content }];

  beforeAll(() => {
    model = createLlamaCppModel({
      model: testModelPath(),
      gpu: false,
      contextSize: 512,
      slots: 2,
      threads: testThreads(),
    });
  });
  afterAll(() => model.close());

  // Not the same text: a reused prefix splits the prompt into other evaluation batches, which moves llama.cpp's
  // numbers enough to change a greedy pick now and then ('manual' vs 'model' seen in CI).
  it('evaluates only what follows the shared prefix cached in a slot, and still answers in full', async () => {
    const evaluatedFor = async (question: string) => {
      const before = model.stats();
      const result = await model.generate({ messages: ask(question), maxTokens: 12, temperature: 0 });
      const after = model.stats();
      expect(result.text.trim().length).toBeGreaterThan(0);
      expect(result.finishReason).toMatch(/stop|length/);
      expect(after.promptTokens - before.promptTokens).toBe(result.usage.promptTokens);
      return {
        prompt: result.usage.promptTokens,
        evaluated: after.evaluatedPromptTokens - before.evaluatedPromptTokens,
      };
    };
    const cold = await evaluatedFor('How do I reset it?');
    expect(cold.evaluated).toBe(cold.prompt);
    await evaluatedFor('What does the red light mean?');
    const warm = await evaluatedFor('How do I reset it?');
    // The system prompt alone is over 60 tokens; only the question and the template's tail are evaluated.
    expect(warm.prompt).toBe(cold.prompt);
    expect(warm.evaluated).toBeGreaterThan(0);
    expect(warm.evaluated).toBeLessThan(cold.prompt - 60);
  });

  it('runs two generations at once', async () => {
    const first = model.stream({ messages: ask('Tell me a story.'), maxTokens: 6 })[Symbol.asyncIterator]();
    const second = model.stream({ messages: ask('Tell me a joke.'), maxTokens: 6 })[Symbol.asyncIterator]();
    await Promise.all([first.next(), second.next()]);
    expect(model.stats()).toMatchObject({ running: 2, queued: 0 });
    await Promise.all([first.return?.(), second.return?.()]);
    expect(model.stats()).toMatchObject({ running: 0, queued: 0 });
  });
});
