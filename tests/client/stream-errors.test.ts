import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createLoreClient, LoreApiError, readServerSentEvents } from '@lore/client';
import { createLlamaCppModel } from '@lore/llm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore, testLlmPath } from '../support/lore.js';

const question = 'How many hours a day does a cat sleep?';

// One slot and no queue: while the test holds the slot, the next generation is refused with OVERLOADED.
// The ask stream has sent its sources by then, so the refusal comes after the 200 and its headers.
describe('an event stream that fails after its headers', () => {
  const languageModel = createLlamaCppModel({
    model: testLlmPath(),
    contextSize: 1024,
    slots: 1,
    maxQueue: 0,
    threads: 1,
    gpu: false,
  });
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let server: ReturnType<typeof serve>;
  let baseUrl: string;
  beforeAll(async () => {
    env = await createTestLore('pglite', { languageModel });
    await env.lore.collections.create({ name: 'facts' });
    await env.lore.ingest({
      collection: 'facts',
      documents: [{ text: 'The domestic cat sleeps for about fifteen hours a day.', title: 'Cats' }],
      wait: true,
    });
    server = await new Promise((resolve) => {
      const started = serve({ fetch: env.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await env?.cleanup();
  });

  /** Runs `work` while a generation holds the model's only slot (its lease ends when the stream does). */
  async function whileBusy(work: () => Promise<void>) {
    const holder = languageModel
      .stream({ messages: [{ role: 'user', content: 'Say hello.' }], maxTokens: 4 })
      [Symbol.asyncIterator]();
    await holder.next();
    try {
      await work();
    } finally {
      await holder.return?.(undefined);
    }
  }

  test('the ask stream ends with an `error` event holding the JSON error body', async () => {
    await whileBusy(async () => {
      const response = await fetch(`${baseUrl}/v1/collections/facts/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question, stream: true }),
      });
      expect(response.status).toBe(200);
      const events = [];
      for await (const event of readServerSentEvents(response)) events.push(event);
      expect(events.map((event) => event.event)).toEqual(['sources', 'error']);
      const body = JSON.parse(events[1]?.data ?? '{}');
      expect(body).toEqual({ error: { code: 'OVERLOADED', message: expect.stringContaining('busy') } });
    });
  });

  test('the client raises the error event as a LoreApiError with its code', async () => {
    const client = createLoreClient({ baseUrl });
    await whileBusy(async () => {
      const seen: string[] = [];
      const error = await (async () => {
        for await (const event of client.askStream({ collection: 'facts', question })) seen.push(event.type);
      })().catch((caught: unknown) => caught);
      expect(seen).toEqual(['sources']);
      expect(error).toBeInstanceOf(LoreApiError);
      expect(error).toMatchObject({ code: 'OVERLOADED', message: expect.stringContaining('busy') });
    });
    // With the slot free again the same call answers.
    const events = [];
    for await (const event of client.askStream({ collection: 'facts', question, sampling: { maxTokens: 8 } }))
      events.push(event.type);
    expect(events.at(-1)).toBe('done');
  });
});
