import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '@lore/api';
import { createLoreClient, LoreApiError, type LoreClient } from '@lore/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { type LoreLike, loreBehaviour } from '../sdk/lore-behaviour.js';
import { createTestLanguageModel, createTestLore } from '../support/lore.js';

/** Starts the real HTTP server (API keys required) on a free port over a Lore with the real models. */
async function startServer() {
  // The shared suite asks for a supported citation and an agent's tool call: the quality model (SmolLM2 135M
  // answered without a supported citation and ran out of tokens in the agent's JSON).
  const env = await createTestLore('pglite', {
    languageModel: createTestLanguageModel({ model: 'quality' }),
  });
  const app = createApp(env.lore, { maxRequestBytes: 4 * 1024 * 1024, auth: 'keys', log: () => {} });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  const { secret } = await env.lore.keys.create({
    name: 'client tests',
    scopes: ['read', 'ingest', 'admin'],
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: secret,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await env.cleanup();
    },
  };
}

describe('the HTTP client against a running server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let client: LoreClient;
  beforeAll(async () => {
    server = await startServer();
    client = createLoreClient({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  });
  afterAll(async () => {
    await server?.stop();
  });

  loreBehaviour((): LoreLike => client);

  test('errors are LoreApiErrors with the code and the HTTP status', async () => {
    const error = await client.documents
      .get('00000000-0000-0000-0000-000000000000')
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(LoreApiError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(client.collections.create({ name: 'has space' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      status: 400,
    });
  });

  test('ask sends scope and documentId: a whole-document answer over an unknown document is NOT_FOUND', async () => {
    await client.collections.create({ name: 'scoped' });
    const error = await client
      .ask({
        collection: 'scoped',
        question: 'Summarise it.',
        scope: 'document',
        documentId: 'no-such-document',
      })
      .catch((caught) => caught);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, settings: [] });
    expect(error.message).toContain('no-such-document');
  });

  test('without its API key the client gets UNAUTHORIZED; health stays public', async () => {
    const anonymous = createLoreClient({ baseUrl: server.baseUrl });
    await expect(anonymous.collections.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(await anonymous.health()).toEqual({ status: 'ok' });
  });

  test('an unreachable server is a NETWORK error with status 0', async () => {
    const nowhere = createLoreClient({ baseUrl: 'http://127.0.0.1:9' });
    await expect(nowhere.collections.list()).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });

  test('jobs.watch follows an ingestion to its end; chats keep an asked exchange', async () => {
    await client.collections.create({ name: 'watched' });
    const { jobs } = await client.ingest({
      collection: 'watched',
      documents: [{ text: 'Owls hunt at night and can turn their heads very far.', title: 'Owls' }],
    });
    const job = jobs[0];
    if (!job) throw new Error('ingest returned no job');
    const states: string[] = [];
    for await (const update of client.jobs.watch(job.id)) states.push(update.status);
    expect(states.at(-1)).toBe('completed');
    const chat = await client.chats.create({ collection: 'watched', title: 'Owl chat' });
    await client.ask({
      collection: 'watched',
      question: 'When do owls hunt?',
      chatId: chat.id,
      sampling: { temperature: 0, maxTokens: 24 },
    });
    const saved = await client.chats.get(chat.id);
    expect(saved.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(saved.messages[0]?.content).toBe('When do owls hunt?');
  });

  test('ingest returns the documents in the order given, texts and files mixed', async () => {
    await client.collections.create({ name: 'ordered' });
    const file = (name: string) => ({
      bytes: new TextEncoder().encode(`The file ${name}.`),
      fileName: name,
      mimeType: 'text/plain',
    });
    const { documents } = await client.ingest({
      collection: 'ordered',
      documents: [
        file('a.txt'),
        { text: 'The text b.', title: 'b' },
        { ...file('c.txt'), metadata: { group: 2 } },
        file('d.txt'),
        { text: 'The text e.', title: 'e' },
      ],
      wait: true,
    });
    expect(documents.map((document) => document.title)).toEqual(['a.txt', 'b', 'c.txt', 'd.txt', 'e']);
  });

  test('keys: create a read-only key for one collection, list it, revoke it', async () => {
    await client.collections.create({ name: 'keyed' });
    const created = await client.keys.create({ name: 'reader', scopes: ['read'], collections: ['keyed'] });
    expect(created).toMatchObject({ name: 'reader', scopes: ['read'], collections: ['keyed'] });
    expect((await client.keys.list()).map((key) => key.id)).toContain(created.id);
    const reader = createLoreClient({ baseUrl: server.baseUrl, apiKey: created.key });
    expect((await reader.collections.list()).map((collection) => collection.name)).toEqual(['keyed']);
    await expect(reader.collections.create({ name: 'not-allowed' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    await client.keys.revoke(created.id);
    await expect(reader.collections.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  test('classify and runAgent reach the server’s LLM', async () => {
    const classified = await client.classify({
      input: 'The cat chased a mouse across the garden.',
      labels: ['animals', 'engines'],
    });
    expect(['animals', 'engines']).toContain(classified.label);
    const total = classified.labels.reduce((sum, item) => sum + item.probability, 0);
    expect(total).toBeCloseTo(1, 3);
    const run = await client.runAgent({
      input: 'When do owls hunt?',
      collections: ['watched'],
      tools: ['search'],
      maxSteps: 2,
      sampling: { temperature: 0, maxTokens: 48 },
    });
    expect(run.steps.length).toBeGreaterThan(0);
    expect(['answer', 'max_steps']).toContain(run.finishReason);
    expect(run.usage.completionTokens).toBeGreaterThan(0);
  });

  test('generateObject fills a JSON schema from a collection; a key cannot ground it on a collection it cannot see', async () => {
    const Owl = z.object({ animal: z.string().max(16), huntsAtNight: z.boolean() });
    const result = await client.generateObject<z.infer<typeof Owl>>({
      schema: z.toJSONSchema(Owl),
      prompt: 'Describe owls.',
      collection: 'watched',
      temperature: 0,
      maxTokens: 60,
    });
    expect(Owl.parse(result.object)).toEqual(result.object);
    expect(JSON.parse(result.text)).toEqual(result.object);
    expect(result.sources?.[0]?.title).toBe('Owls');
    const { key } = await client.keys.create({ scopes: ['read'], collections: ['keyed'] });
    const limited = createLoreClient({ baseUrl: server.baseUrl, apiKey: key });
    await expect(
      limited.generateObject({
        schema: z.toJSONSchema(Owl),
        prompt: 'Describe owls.',
        collection: 'watched',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
