import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServerProcess, startServer } from '../faults/support/server-process.js';
import { testLlmPath } from '../support/lore.js';

// What a chat UI does with the official client against the real server: list the models, pick the chat
// model by the id it sees, stream an answer; `lore:<collection>` answers from documents with citations.
describe('the real server through the official openai client', () => {
  let dataDir: string;
  const servers: ServerProcess[] = [];
  const serve = async (env: Record<string, string> = {}) => {
    const server = await startServer({
      LORE_DATA_DIR: await mkdtemp(join(dataDir, 'server-')),
      LORE_LLM_MODEL: testLlmPath(),
      LORE_LLM_CONTEXT: '2048',
      LORE_LLM_SLOTS: '1',
      LORE_LLM_THREADS: '1',
      LORE_LLM_PREFILL_THREADS: '1',
      LORE_LLM_GPU: 'off',
      ...env,
    });
    servers.push(server);
    return { server, client: new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused-on-loopback' }) };
  };
  const ids = async (client: OpenAI) => {
    const list: string[] = [];
    for await (const model of client.models.list()) list.push(model.id);
    return list;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lore-openai-server-'));
  });
  afterAll(async () => {
    for (const server of servers) {
      server.process.kill('SIGTERM');
      await server.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  test('lists the chat model first by its file name, streams a chat by that id, and answers lore:<collection>', async () => {
    const { server, client } = await serve();
    const created = await fetch(`${server.url}/v1/collections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'owls' }),
    });
    expect(created.status).toBe(201);
    const ingested = await fetch(`${server.url}/v1/collections/owls/documents?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Owls hunt at night and can turn their heads very far.', title: 'Owls' }),
    });
    expect(ingested.status).toBe(201);

    const chatId = basename(testLlmPath(), '.gguf');
    const listed = await ids(client);
    expect(listed[0]).toBe(chatId);
    expect(listed).toContain('lore:owls');

    const stream = await client.chat.completions.create({
      model: chatId,
      messages: [{ role: 'user', content: 'Say hello in one short sentence.' }],
      max_tokens: 16,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let completionTokens = 0;
    for await (const chunk of stream) {
      expect(chunk.model).toBe(chatId);
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        text += delta;
        chunks++;
      }
      completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
    }
    expect(text.trim().length).toBeGreaterThan(0);
    expect(chunks).toBeGreaterThan(1);
    expect(completionTokens).toBeGreaterThan(0);

    const answer = await client.chat.completions.create({
      model: 'lore:owls',
      messages: [{ role: 'user', content: 'When do owls hunt?' }],
      max_tokens: 24,
      temperature: 0,
    });
    expect(answer.model).toBe('lore:owls');
    expect(answer.choices[0]?.message.content?.trim().length).toBeGreaterThan(0);
    // Citations ride along as an extra field; whatever the small model cites can only be the one document.
    const citations = (answer as unknown as { citations: { title: string }[] }).citations;
    expect(citations.every((citation) => citation.title === 'Owls')).toBe(true);

    // The path the model was loaded from is not an id clients see, so it is not accepted either.
    await expect(
      client.chat.completions.create({ model: testLlmPath(), messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('LORE_LLM_ALIAS renames the chat model in the list and in chat completions', async () => {
    const { client } = await serve({ LORE_LLM_ALIAS: 'local-chat' });
    const listed = await ids(client);
    expect(listed[0]).toBe('local-chat');
    expect(listed).not.toContain(basename(testLlmPath(), '.gguf'));
    const completion = await client.chat.completions.create({
      model: 'local-chat',
      messages: [{ role: 'user', content: 'Say yes.' }],
      max_tokens: 4,
    });
    expect(completion.model).toBe('local-chat');
    expect(completion.choices[0]?.finish_reason).toMatch(/stop|length/);
  });
});
