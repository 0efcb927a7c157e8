import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLanguageModel, createTestLore } from '../support/lore.js';

/** Bodies an outside probe sent that once ended in a 500: each must be a 4xx with the error shape. */
describe('bad input is a 4xx with the error shape', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  const send = async (
    method: string,
    path: string,
    init: { body?: RequestInit['body']; type?: string } = {},
  ) => {
    const headers: Record<string, string> = init.type ? { 'content-type': init.type } : {};
    const response = await env.app.request(path, { method, headers, body: init.body });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) };
  };
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const deepSchema = (depth: number) =>
    `${'{"type":"object","properties":{"a":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;

  beforeAll(async () => {
    env = await createTestLore('pglite', { languageModel: createTestLanguageModel() });
    await env.lore.collections.create({ name: 'inbox' });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('a malformed multipart body is 400', async () => {
    const response = await send('POST', '/v1/collections/inbox/documents', {
      type: 'multipart/form-data; boundary=----x',
      body: '------x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhalf a part',
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) });
  });

  test('a chats cursor holding a date Postgres cannot store is 400', async () => {
    for (const date of ['-100000-01-01T00:00:00.000Z', '+275000-01-01T00:00:00.000Z']) {
      const cursor = Buffer.from(JSON.stringify([date, '00000000-0000-4000-8000-000000000000'])).toString(
        'base64url',
      );
      const response = await send('GET', `/v1/collections/inbox/chats?cursor=${cursor}`);
      expect(response.status, date).toBe(400);
      expect(response.body.error.code).toBe('BAD_REQUEST');
    }
  });

  test('metadata nested past 200 levels is 400, in a form field and in a JSON document', async () => {
    const form = new FormData();
    form.append('file', new File(['Herons wait.'], 'heron.txt'));
    form.append('metadata', nested(4_500));
    const multipart = await send('POST', '/v1/collections/inbox/documents', { body: form });
    const text = await send('POST', '/v1/collections/inbox/documents', {
      type: 'application/json',
      body: `{"text":"Herons wait.","metadata":${nested(4_500)}}`,
    });
    for (const response of [multipart, text]) {
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/200/),
      });
    }
    expect(await env.lore.documents.list('inbox')).toEqual([]);
  });

  test('a JSON schema nested 5,000 levels is 400 on /v1/objects and /v1/chat/completions', async () => {
    const objects = await send('POST', '/v1/objects', {
      type: 'application/json',
      body: `{"prompt":"A heron.","schema":${deepSchema(5_000)}}`,
    });
    const completions = await send('POST', '/v1/chat/completions', {
      type: 'application/json',
      body: `{"model":"any","messages":[{"role":"user","content":"A heron."}],"response_format":{"type":"json_schema","json_schema":{"name":"deep","schema":${deepSchema(5_000)}}}}`,
    });
    for (const response of [objects, completions]) {
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/200/),
      });
    }
  });
});
