import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoreError } from '@lore/core/errors';
import type { ChatMessage } from '@lore/core/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppModel, type LlamaCppModel } from './llama-cpp-model.js';
import { createOpenAICompatibleModel } from './openai-compatible-model.js';
import { testModelPath, testThreads } from './test-model.js';

/** A minimal OpenAI-compatible server in front of the real llama.cpp model, speaking the wire protocol. */
function serve(model: LlamaCppModel): Server {
  return createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    if (request.url === '/v1/models') {
      response.end(JSON.stringify({ data: [{ id: 'gemma', max_model_len: await model.contextSize() }] }));
      return;
    }
    if (request.url === '/tokenize') {
      const tokens = Array.from({ length: await model.countTokens(JSON.parse(body).content) }, (_, i) => i);
      response.end(JSON.stringify({ tokens }));
      return;
    }
    const input = JSON.parse(body);
    const disconnected = new AbortController();
    response.on('close', () => disconnected.abort());
    const stream = model.stream({
      messages: input.messages,
      maxTokens: input.max_tokens,
      temperature: input.temperature,
      seed: input.seed,
      stop: input.stop,
      abortSignal: disconnected.signal,
    });
    try {
      for await (const part of stream) {
        if (!response.headersSent) response.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk =
          part.type === 'text-delta'
            ? { choices: [{ index: 0, delta: { content: part.text }, finish_reason: null }] }
            : {
                choices: [{ index: 0, delta: {}, finish_reason: part.finishReason }],
                usage: {
                  prompt_tokens: part.usage.promptTokens,
                  completion_tokens: part.usage.completionTokens,
                },
              };
        response.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }
      response.end('data: [DONE]\n\n');
    } catch (error) {
      const status = LoreError.is(error) && error.code === 'OVERLOADED' ? 503 : 400;
      response.writeHead(status).end(JSON.stringify({ error: { message: (error as Error).message } }));
    }
  });
}

const messages: ChatMessage[] = [{ role: 'user', content: 'Write a long story about a lighthouse keeper.' }];

describe('createOpenAICompatibleModel', () => {
  let local: LlamaCppModel;
  let server: Server;
  let baseURL: string;

  beforeAll(async () => {
    local = createLlamaCppModel({
      model: testModelPath(),
      gpu: false,
      contextSize: 512,
      maxQueue: 0,
      threads: testThreads(),
    });
    server = serve(local).listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    server.close();
    await local.close();
  });

  it('streams the same seeded text, finish reason and usage as the model behind the server', async () => {
    const remote = createOpenAICompatibleModel({ baseURL, model: 'gemma' });
    const options = { messages, maxTokens: 10, temperature: 1, seed: 3 };
    const deltas: string[] = [];
    let finish: unknown;
    for await (const part of remote.stream(options)) {
      if (part.type === 'text-delta') deltas.push(part.text);
      else finish = part;
    }
    const direct = await local.generate(options);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(direct.text);
    expect(finish).toEqual({ type: 'finish', finishReason: 'length', usage: direct.usage });
  });

  it('cancels the generation on the server when the client aborts', async () => {
    const remote = createOpenAICompatibleModel({ baseURL, model: 'gemma' });
    const controller = new AbortController();
    const parts = [];
    for await (const part of remote.stream({ messages, maxTokens: 300, abortSignal: controller.signal })) {
      parts.push(part);
      if (parts.length === 2) controller.abort();
    }
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'abort' });
    await expect.poll(() => local.stats().running).toBe(0);
    expect((await remote.generate({ messages, maxTokens: 2 })).finishReason).toBe('length');
  });

  it('maps a busy server (503) to OVERLOADED and a bad request (400) to BAD_REQUEST', async () => {
    const remote = createOpenAICompatibleModel({ baseURL, model: 'gemma' });
    const controller = new AbortController();
    const busy = remote
      .stream({ messages, maxTokens: 300, abortSignal: controller.signal })
      [Symbol.asyncIterator]();
    await busy.next();
    await expect(remote.generate({ messages, maxTokens: 2 })).rejects.toMatchObject({ code: 'OVERLOADED' });
    controller.abort();
    while (!(await busy.next()).done) {}
    const huge: ChatMessage[] = [{ role: 'user', content: 'word '.repeat(2000) }];
    await expect(remote.generate({ messages: huge })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('reads the context size from /models and counts tokens through /tokenize', async () => {
    const remote = createOpenAICompatibleModel({ baseURL, model: 'gemma' });
    expect(await remote.contextSize()).toBe(await local.contextSize());
    const text = 'Lighthouses guide ships along rocky coasts.';
    expect(await remote.countTokens(text)).toBe(await local.countTokens(text));
  });

  it('reports MODEL_UNAVAILABLE with the URL when no server listens', async () => {
    const remote = createOpenAICompatibleModel({ baseURL: 'http://127.0.0.1:9/v1', model: 'gemma' });
    await expect(remote.generate({ messages })).rejects.toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      message: expect.stringContaining('127.0.0.1:9'),
    });
  });
});
