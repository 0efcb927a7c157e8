import { createLlamaCppModel } from '@lore/llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLore, testQualityLlmPath } from '../support/lore.js';

const cats =
  'The domestic cat sleeps for about fifteen hours a day. At night it hunts mice and small birds in the garden.';
const rockets =
  'A rocket engine burns liquid hydrogen with liquid oxygen. The exhaust leaves the nozzle very fast.';

/** Reads a server-sent event stream into `{ event, data }` pairs. */
async function readEvents(response: Response, onEvent?: (event: string) => void) {
  const events: { event: string; data: string }[] = [];
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      events.push({ event, data });
      onEvent?.(event);
      end = buffer.indexOf('\n\n');
    }
  }
  return events;
}

// Answers must be right here ("fifteen", a supported citation): the quality model, Qwen2.5-Coder 0.5B Instruct.
// SmolLM2 135M answered "12 hours" from the same passage.
describe('grounded answers with the real GGUF model', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let catChunkId: string;
  beforeAll(async () => {
    const languageModel = createLlamaCppModel({
      model: testQualityLlmPath(),
      contextSize: 2048,
      slots: 1,
      maxQueue: 4,
      threads: 1,
      gpu: false,
    });
    env = await createTestLore('pglite', { languageModel });
    await env.lore.collections.create({ name: 'facts' });
    await env.lore.ingest({
      collection: 'facts',
      documents: [
        { text: cats, title: 'Cats' },
        { text: rockets, title: 'Rockets' },
      ],
      wait: true,
    });
    const [hit] = await env.lore.search({
      collection: 'facts',
      query: 'cat sleeps hours',
      mode: 'keyword',
      topK: 1,
    });
    catChunkId = hit?.chunkId ?? '';
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('a streamed answer arrives token by token and cites the chunk that holds the fact', async () => {
    const response = await env.app.request('/v1/collections/facts/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        question: 'How many hours a day does a cat sleep?',
        stream: true,
        maxTokens: 40,
        temperature: 0,
      }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(response);
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.length).toBeGreaterThan(1);
    const order = events.map((e) => e.event).filter((e) => e !== 'token' && e !== 'sources');
    expect(order).toEqual(['citations', 'done']);
    const done = JSON.parse(events.at(-1)?.data ?? '{}');
    expect(done.answerable).toBe(true);
    expect(done.answer).toMatch(/fifteen/i);
    const cited = done.citations.find((citation: { chunkId: string }) => citation.chunkId === catChunkId);
    expect(cited).toMatchObject({ title: 'Cats', supported: true });
    expect(cats.slice(cited.start, cited.end)).toBe(cited.text);
  });

  test('the same seed gives the same text', async () => {
    const ask = () =>
      call(env.app, 'POST', '/v1/collections/facts/ask', {
        question: 'What does a rocket engine burn?',
        temperature: 0.9,
        seed: 42,
        maxTokens: 24,
      });
    const [first, second] = [await ask(), await ask()];
    expect(first.status).toBe(200);
    expect(first.body.answer.length).toBeGreaterThan(0);
    expect(second.body.answer).toBe(first.body.answer);
  });

  test('a question the documents cannot answer gets "not in the documents"', async () => {
    const response = await call(env.app, 'POST', '/v1/collections/facts/ask', {
      question: 'What is the capital of France?',
    });
    expect(response.body).toMatchObject({ answerable: false, citations: [] });
    expect(response.body.answer).toMatch(/not in the documents/i);
  });

  test('an aborted request frees its slot for the next one', async () => {
    const controller = new AbortController();
    const response = await env.app.request('/v1/collections/facts/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        question: 'How many hours a day does a cat sleep?',
        stream: true,
        maxTokens: 200,
      }),
      signal: controller.signal,
    });
    await readEvents(response, (event) => {
      if (event === 'token') controller.abort();
    }).catch(() => {});
    // With one slot, this only completes if the aborted generation released it.
    const next = await call(env.app, 'POST', '/v1/collections/facts/ask', {
      question: 'What does a rocket engine burn?',
      maxTokens: 16,
    });
    expect(next.status).toBe(200);
    expect(next.body.answer.length).toBeGreaterThan(0);
  });

  test('a stopped answer ends with finishReason abort and stays out of its chat', async () => {
    const chat = await env.lore.chats.create({ collection: 'facts' });
    const controller = new AbortController();
    let done: { finishReason: string; answer: string } | undefined;
    for await (const event of env.lore.askStream({
      collection: 'facts',
      question: 'How many hours a day does a cat sleep?',
      chatId: chat.id,
      sampling: { maxTokens: 200 },
      abortSignal: controller.signal,
    })) {
      if (event.type === 'text-delta') controller.abort();
      if (event.type === 'done') done = event;
    }
    expect(done?.finishReason).toBe('abort');
    expect((await env.lore.chats.get(chat.id)).messages).toEqual([]);
  });

  test('a chat keeps its messages and answers a follow-up', async () => {
    const chat = await call(env.app, 'POST', '/v1/chats', { collection: 'facts', title: 'Cats' });
    expect(chat.status).toBe(201);
    const first = await call(env.app, 'POST', '/v1/collections/facts/ask', {
      question: 'How long does a cat sleep each day?',
      chatId: chat.body.id,
      maxTokens: 24,
    });
    expect(first.body.chatId).toBe(chat.body.id);
    await call(env.app, 'POST', '/v1/collections/facts/ask', {
      question: 'And what does it hunt?',
      chatId: chat.body.id,
      maxTokens: 24,
    });
    const stored = await call(env.app, 'GET', `/v1/chats/${chat.body.id}`);
    expect(stored.body.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(stored.body.messages[2].content).toBe('And what does it hunt?');
    const listed = await call(env.app, 'GET', '/v1/collections/facts/chats');
    expect(listed.body.data[0]).toMatchObject({ id: chat.body.id, title: 'Cats', messageCount: 4 });
    expect((await call(env.app, 'GET', '/v1/chats/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  test('the official openai client: lore:<collection> with citations, plain and streamed, and an aborted stream', async () => {
    const client = new OpenAI({
      baseURL: 'http://localhost/v1', // without keys the app answers only loopback Host names
      apiKey: 'unused-locally',
      fetch: (input, init) => Promise.resolve(env.app.request(String(input), init as RequestInit)),
    });
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain('lore:facts');

    const completion = await client.chat.completions.create({
      model: 'lore:facts',
      messages: [{ role: 'user', content: 'How many hours a day does a cat sleep?' }],
      max_tokens: 32,
      temperature: 0,
    });
    expect(completion.choices[0]?.message.content).toMatch(/fifteen/i);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    const citations = (completion as unknown as { citations: { chunkId: string }[] }).citations;
    expect(citations.map((citation) => citation.chunkId)).toContain(catChunkId);

    const stream = await client.chat.completions.create({
      model: env.lore.languageModel?.modelId ?? '',
      messages: [{ role: 'user', content: 'Say hello.' }],
      max_tokens: 12,
      seed: 3,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage?.completion_tokens ?? usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage).toBeGreaterThan(0);

    const aborted = await client.chat.completions.create({
      model: env.lore.languageModel?.modelId ?? '',
      messages: [{ role: 'user', content: 'Tell a long story.' }],
      max_tokens: 200,
      stream: true,
    });
    for await (const _chunk of aborted) {
      aborted.controller.abort();
      break;
    }
    const after = await client.chat.completions.create({
      model: env.lore.languageModel?.modelId ?? '',
      messages: [{ role: 'user', content: 'Say yes.' }],
      max_tokens: 4,
    });
    expect(after.choices[0]?.finish_reason).toMatch(/stop|length/);
  });
});
