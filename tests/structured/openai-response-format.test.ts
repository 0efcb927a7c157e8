import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createOpenAICompatibleModel } from '@lore/llm';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createTestLanguageModel, createTestLore } from '../support/lore.js';

const Person = z.object({
  name: z.string().max(24),
  age: z.int(),
  languages: z
    .array(z.enum(['english', 'french', 'german']))
    .min(1)
    .max(3),
  retired: z.boolean(),
});

describe('response_format on /v1/chat/completions through the official openai client', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let client: OpenAI;
  let model: string;
  beforeAll(async () => {
    const languageModel = createTestLanguageModel({ contextSize: 1024 });
    env = await createTestLore('pglite', { languageModel });
    model = languageModel.modelId;
    client = new OpenAI({
      baseURL: 'http://localhost/v1', // a loopback Host: without keys the API answers no other
      apiKey: 'unused-locally',
      fetch: (input, init) => Promise.resolve(env.app.request(String(input), init as RequestInit)),
    });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  const messages = [{ role: 'user' as const, content: 'Describe a person as JSON.' }];
  const weather = [
    {
      role: 'user' as const,
      content: 'Give the weather in Paris as a JSON object with keys "city" and "celsius".',
    },
  ];

  test('a json_schema response parses with the zod schema the client sent', async () => {
    const completion = await client.chat.completions.parse({
      model,
      messages,
      temperature: 0,
      max_tokens: 120,
      response_format: zodResponseFormat(Person, 'person'),
    });
    const message = completion.choices[0]?.message;
    expect(message?.parsed).toEqual(Person.parse(JSON.parse(message?.content ?? '')));
  });

  test('json_object mode returns a JSON object, also when streamed', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: weather,
      temperature: 0,
      max_tokens: 120,
      stream: true,
      response_format: { type: 'json_object' },
    });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    const value = JSON.parse(content);
    expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  });

  test('a JSON cut off by max_tokens is an error the streaming client raises, not invalid JSON', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages,
      temperature: 0,
      max_tokens: 8,
      stream: true,
      response_format: { type: 'json_object' },
    });
    const read = async () => {
      for await (const _chunk of stream);
    };
    await expect(read()).rejects.toThrow(/tokens before the JSON was complete/);
  });

  test('the openai-compatible provider sends response_format over the wire and validates the reply', async () => {
    const server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const remote = createOpenAICompatibleModel({ baseURL: `http://127.0.0.1:${port}/v1`, model });
      const schema = z.toJSONSchema(Person);
      const result = await remote.generate({
        messages,
        temperature: 0,
        maxTokens: 120,
        responseFormat: { type: 'json_schema', name: 'person', schema },
      });
      expect(Person.parse(JSON.parse(result.text)).languages.length).toBeGreaterThan(0);
      const unsupported = remote.generate({
        messages,
        responseFormat: { type: 'json_schema', schema: { type: 'number', not: { const: 5 } } },
      });
      await expect(unsupported).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test.each([false, true])('an unsupported keyword is a 400 naming it (stream: %s)', async (stream) => {
    const request = client.chat.completions.create({
      model,
      messages,
      stream,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'code', schema: { type: 'string', pattern: '^(?=[A-Z])[A-Z]{3}$' } },
      },
    });
    await expect(request).rejects.toMatchObject({ status: 400, message: expect.stringContaining('pattern') });
  });
});
