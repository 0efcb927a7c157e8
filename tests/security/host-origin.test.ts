import { createApp } from '@lore/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';
import { makeKey } from './support.js';

/** DNS rebinding and cross-site requests against a loopback server without keys. */
describe('Host and Origin checks', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let app: ReturnType<typeof createApp>;
  const upload = (url: string, headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('file', new File(['Herons wait in shallow water.'], `${Math.random()}.txt`));
    return app.request(url, { method: 'POST', body: form, headers });
  };
  const documents = async () => (await env.lore.documents.list('inbox')).length;

  beforeAll(async () => {
    env = await createTestLore('pglite');
    app = createApp(env.lore, { maxRequestBytes: 1024 * 1024, log: () => {} });
    await env.lore.collections.create({ name: 'inbox' });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('a request for a host name that is not loopback gets no data', async () => {
    for (const request of [
      app.request('http://rebind.attacker.example:8787/v1/collections'),
      app.request('http://127.0.0.1:8787/v1/collections', {
        headers: { host: 'rebind.attacker.example:8787' },
      }),
    ]) {
      const response = await request;
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: unknown };
      expect(body.error).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('LORE_ALLOWED_HOSTS'),
      });
      expect(JSON.stringify(body)).not.toContain('inbox');
    }
    for (const url of [
      'http://127.0.0.1:8787',
      'http://localhost:5173',
      'http://[::1]:8787',
      'http://localhost',
    ]) {
      expect((await app.request(`${url}/v1/collections`)).status, url).toBe(200);
    }
    expect((await app.request('/v1/collections')).status).toBe(200);
  });

  test('a cross-site POST is refused and indexes nothing; a same-origin one is accepted', async () => {
    const before = await documents();
    const cross = await upload('http://127.0.0.1:8787/v1/collections/inbox/documents', {
      origin: 'http://evil.example',
    });
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { error: unknown }).error).toMatchObject({ code: 'FORBIDDEN' });
    const nullOrigin = await upload('http://127.0.0.1:8787/v1/collections/inbox/documents', {
      origin: 'null',
    });
    expect(nullOrigin.status).toBe(403);
    expect(await documents()).toBe(before);
    const same = await upload('http://127.0.0.1:8787/v1/collections/inbox/documents?wait=true', {
      origin: 'http://127.0.0.1:8787',
    });
    expect(same.status).toBe(201);
    const noOrigin = await upload('http://127.0.0.1:8787/v1/collections/inbox/documents?wait=true');
    expect(noOrigin.status).toBe(201); // curl, the SDK: no Origin header
    // A cross-site page may not read either: no CORS headers unless configured.
    const read = await app.request('http://127.0.0.1:8787/v1/collections', {
      headers: { origin: 'http://evil.example' },
    });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('configured host names and origins are accepted, with CORS for those origins only', async () => {
    const configured = createApp(env.lore, {
      maxRequestBytes: 1024 * 1024,
      log: () => {},
      allowedHosts: ['lore.internal'],
      allowedOrigins: ['https://app.example'],
    });
    expect((await configured.request('http://lore.internal:8787/v1/collections')).status).toBe(200);
    expect((await configured.request('http://other.internal/v1/collections')).status).toBe(403);
    const preflight = await configured.request('http://lore.internal/v1/collections', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const post = await configured.request('http://lore.internal/v1/collections', {
      method: 'POST',
      headers: { origin: 'https://app.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from-app' }),
    });
    expect(post.status).toBe(201);
    expect(post.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const evil = await configured.request('http://lore.internal/v1/collections', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from-evil' }),
    });
    expect(evil.status).toBe(403);
  });

  test('with API keys the Host check follows LORE_ALLOWED_HOSTS only when it is set', async () => {
    const keyed = createApp(env.lore, { maxRequestBytes: 1024 * 1024, log: () => {}, auth: 'keys' });
    const key = await makeKey(env.lore, ['read']);
    const response = await keyed.request('http://lore.example.com/v1/collections', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
  });
});
