import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';

describe('OpenAI-compatible API through the official openai client', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let client: OpenAI;
  beforeAll(async () => {
    env = await createTestLore('pglite');
    await env.lore.collections.create({ name: 'papers' });
    // The real client, with its requests handed to the app instead of a socket.
    client = new OpenAI({
      baseURL: 'http://localhost/v1', // without keys the app answers only loopback Host names
      apiKey: 'unused-locally',
      fetch: (input, init) => Promise.resolve(env.app.request(String(input), init as RequestInit)),
    });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('lists the embedding model and one lore:<collection> model per collection', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining([env.lore.embedder.modelId, 'lore:papers']));
  });

  test('embeddings match the embedder, in the default base64 encoding and as floats', async () => {
    const input = ['a cat sleeps on the sofa', 'rockets burn hydrogen'];
    const { embeddings } = await env.lore.embedder.embed({ values: input, kind: 'document' });
    const encoded = await client.embeddings.create({ model: env.lore.embedder.modelId, input });
    const floats = await client.embeddings.create({
      model: env.lore.embedder.modelId,
      input,
      encoding_format: 'float',
    });
    for (const response of [encoded, floats]) {
      expect(response.data).toHaveLength(2);
      response.data.forEach((item, i) => {
        expect(item.index).toBe(i);
        expect(item.embedding).toHaveLength(embeddings[i]?.length ?? -1);
        item.embedding.forEach((value, d) => {
          expect(value).toBeCloseTo(embeddings[i]?.[d] ?? Number.NaN, 5);
        });
      });
      expect(response.usage.prompt_tokens).toBeGreaterThan(0);
    }
  });

  test('an unknown model is a 404 the client raises as NotFoundError', async () => {
    await expect(client.embeddings.create({ model: 'gpt-nope', input: 'x' })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
  });
});
