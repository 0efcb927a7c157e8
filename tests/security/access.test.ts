import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseKind } from '../support/lore.js';
import { createKeyedLore, keyed, makeKey } from './support.js';

const text = (body: string, title: string) => ({ text: body, title });

describe.each<DatabaseKind>(['pglite', 'postgres'])('API keys and isolation on %s', (kind) => {
  let env: Awaited<ReturnType<typeof createKeyedLore>>;
  let admin: string;
  let readA: string;
  let readA2: string;
  let ingestA: string;
  let ingestB: string;
  let documentB: string;
  let jobB: string;

  beforeAll(async () => {
    env = await createKeyedLore(kind, { llm: true });
    admin = await makeKey(env.lore, ['admin']);
    readA = await makeKey(env.lore, ['read'], ['alpha']);
    readA2 = await makeKey(env.lore, ['read'], ['alpha']);
    ingestA = await makeKey(env.lore, ['ingest', 'read'], ['alpha']);
    ingestB = await makeKey(env.lore, ['ingest'], ['beta']);
    for (const name of ['alpha', 'beta']) {
      expect((await keyed(env.app, admin, 'POST', '/v1/collections', { name })).status).toBe(201);
    }
    const a = await keyed(
      env.app,
      ingestA,
      'POST',
      '/v1/collections/alpha/documents?wait=true',
      text('Otters hold hands while they sleep.', 'otters'),
    );
    expect(a.status).toBe(201);
    const b = await keyed(
      env.app,
      ingestB,
      'POST',
      '/v1/collections/beta/documents?wait=true',
      text('The beta launch code is swordfish.', 'secret'),
    );
    expect(b.status).toBe(201);
    documentB = b.body.documents[0].id;
    jobB = b.body.jobId;
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('no key, a malformed key and an unknown key are 401; public pages need none', async () => {
    for (const key of [undefined, 'nonsense', `lore_000000000000_${'a'.repeat(43)}`]) {
      const response = await keyed(env.app, key, 'GET', '/v1/collections');
      expect(response.status, String(key)).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    }
    expect((await keyed(env.app, undefined, 'GET', '/health')).status).toBe(200);
    expect((await keyed(env.app, undefined, 'GET', '/openapi.json')).status).toBe(200);
    const viaHeader = await env.app.request('/v1/collections', { headers: { 'x-api-key': readA } });
    expect(viaHeader.status).toBe(200);
  });

  test('scopes: read cannot ingest or administer; ingest cannot search; unknown routes need admin', async () => {
    const cases: [string, string, string, unknown?][] = [
      [readA, 'POST', '/v1/collections', { name: 'gamma' }],
      [readA, 'DELETE', '/v1/collections/alpha'],
      [readA, 'POST', '/v1/collections/alpha/documents', text('x', 'x')],
      [readA, 'GET', '/v1/keys'],
      [readA, 'POST', '/v1/keys', { scopes: ['admin'] }],
      [ingestB, 'POST', '/v1/collections/beta/search', { query: 'code' }],
      [
        ingestB,
        'POST',
        '/v1/chat/completions',
        { model: 'lore:beta', messages: [{ role: 'user', content: 'hi' }] },
      ],
      [ingestB, 'GET', '/v1/models'],
      [readA, 'POST', '/v1/some-future-route', {}],
      [readA, 'GET', '/mcp-admin'],
    ];
    for (const [key, method, path, body] of cases) {
      const response = await keyed(env.app, key, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    // An admin reaches the same unknown route and gets the plain 404.
    expect((await keyed(env.app, admin, 'POST', '/v1/some-future-route', {})).status).toBe(404);
  });

  test('a key for alpha cannot read or learn of beta on any kind of endpoint', async () => {
    const collections = await keyed(env.app, readA, 'GET', '/v1/collections');
    expect(collections.body.data.map((c: { name: string }) => c.name)).toEqual(['alpha']);
    const models = await keyed(env.app, readA, 'GET', '/v1/models');
    const ids = models.body.data.map((m: { id: string }) => m.id);
    expect(ids).toContain('lore:alpha');
    expect(ids).not.toContain('lore:beta');

    // beta answers exactly like a collection that does not exist.
    const missing = await keyed(env.app, readA, 'POST', '/v1/collections/nope/search', { query: 'code' });
    const hidden = await keyed(env.app, readA, 'POST', '/v1/collections/beta/search', { query: 'code' });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(missing.body.error.message.replace('nope', 'beta'));

    const question = { question: 'What is the launch code?' };
    const chatBody = {
      model: 'lore:beta',
      messages: [{ role: 'user', content: 'What is the launch code?' }],
    };
    const attempts: [string, string, string, unknown?][] = [
      [readA, 'GET', '/v1/collections/beta/documents'],
      [readA, 'GET', `/v1/documents/${documentB}`],
      [readA, 'GET', `/v1/documents/${documentB}/content`],
      [ingestA, 'DELETE', `/v1/documents/${documentB}`],
      [ingestA, 'GET', `/v1/jobs/${jobB}`],
      [ingestA, 'GET', `/v1/jobs/${jobB}/events`],
      [ingestA, 'POST', '/v1/collections/beta/documents', text('planted', 'planted')],
      [readA, 'POST', '/v1/collections/beta/ask', question],
      [readA, 'POST', '/v1/collections/beta/ask', { ...question, stream: true }],
      [readA, 'POST', '/v1/chats', { collection: 'beta' }],
      [readA, 'GET', '/v1/collections/beta/chats'],
      [readA, 'POST', '/v1/chat/completions', chatBody],
      [readA, 'POST', '/v1/chat/completions', { ...chatBody, stream: true }],
    ];
    for (const [key, method, path, body] of attempts) {
      const response = await keyed(env.app, key, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('swordfish');
    }
    // Nothing was planted or deleted in beta.
    const betaDocuments = await env.lore.documents.list('beta');
    expect(betaDocuments.map((document) => document.title)).toEqual(['secret']);

    // The same key works on its own collection.
    const search = await keyed(env.app, readA, 'POST', '/v1/collections/alpha/search', { query: 'otters' });
    expect(search.status).toBe(200);
    expect(search.body.results[0].text).toContain('Otters');
  });

  test('MCP tools and agents keep the same walls', async () => {
    const mcp = async (key: string, name: string, args: Record<string, unknown>) => {
      const response = await env.app.request('/mcp', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name, arguments: args },
        }),
      });
      expect(response.status).toBe(200);
      return JSON.stringify(await response.json());
    };
    const hidden = await mcp(readA, 'search', { collection: 'beta', query: 'launch code' });
    expect(hidden).toContain('NOT_FOUND');
    expect(hidden).not.toContain('swordfish');
    expect(await mcp(readA, 'search', { collection: 'alpha', query: 'otters' })).toContain('Otters');
    expect(await mcp(readA, 'ingest_text', { collection: 'alpha', text: 'planted' })).toContain('FORBIDDEN');
    // Ingest may add documents but not create collections, even through the MCP tool that offers to.
    expect(await mcp(ingestA, 'ingest_text', { collection: 'alpha-new', text: 'planted' })).toMatch(
      /FORBIDDEN|NOT_FOUND/,
    );
    expect((await env.lore.collections.list()).map((collection) => collection.name)).not.toContain(
      'alpha-new',
    );

    const agent = await keyed(env.app, readA, 'POST', '/v1/agents/run', {
      input: 'What is the launch code?',
      collections: ['beta'],
      maxSteps: 1,
    });
    expect(agent.status).toBe(404);
    const classify = await keyed(env.app, ingestB, 'POST', '/v1/classify', {
      input: 'x',
      labels: ['a', 'b'],
    });
    expect(classify.status).toBe(403);
  });

  test("a key reads only the chats it made, and cannot continue another key's chat", async () => {
    const created = await keyed(env.app, readA, 'POST', '/v1/chats', { collection: 'alpha', title: 'mine' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await keyed(env.app, readA, 'GET', `/v1/chats/${id}`)).status).toBe(200);
    expect((await keyed(env.app, readA2, 'GET', `/v1/chats/${id}`)).status).toBe(404);
    const hijack = await keyed(env.app, readA2, 'POST', '/v1/collections/alpha/ask', {
      question: 'Who holds hands?',
      chatId: id,
      maxTokens: 4,
    });
    expect(hijack.status).toBe(404);
    expect((await env.lore.chats.get(id)).messages).toHaveLength(0);

    // Lists show each key its own chats only; another key cannot delete them.
    const other = await keyed(env.app, readA2, 'POST', '/v1/chats', { collection: 'alpha', title: 'theirs' });
    const titles = async (key: string) =>
      (await keyed(env.app, key, 'GET', '/v1/collections/alpha/chats')).body.data.map(
        (chat: { title: string }) => chat.title,
      );
    expect(await titles(readA)).toEqual(['mine']);
    expect(await titles(readA2)).toEqual(['theirs']);
    expect((await keyed(env.app, readA2, 'DELETE', `/v1/chats/${id}`)).status).toBe(404);
    expect(await titles(readA)).toEqual(['mine']);
    expect((await keyed(env.app, readA2, 'DELETE', `/v1/chats/${other.body.id}`)).status).toBe(204);
    expect(await titles(readA2)).toEqual([]);
  });

  test('keys: created with the secret shown once, listed without it, revoked keys stop working', async () => {
    const created = await keyed(env.app, admin, 'POST', '/v1/keys', {
      name: 'ci',
      scopes: ['read'],
      collections: ['alpha'],
    });
    expect(created.status).toBe(201);
    const secret: string = created.body.key;
    expect(secret).toMatch(/^lore_[0-9a-f]{12}_/);
    expect((await keyed(env.app, secret, 'GET', '/v1/collections')).status).toBe(200);
    const list = await keyed(env.app, admin, 'GET', '/v1/keys');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(18));
    expect(JSON.stringify(list.body)).not.toContain('hash');
    const listed = list.body.data.find((key: { id: string }) => key.id === created.body.id);
    expect(listed).toMatchObject({ name: 'ci', scopes: ['read'], collections: ['alpha'], revokedAt: null });
    expect((await keyed(env.app, admin, 'DELETE', `/v1/keys/${created.body.prefix}`)).status).toBe(204);
    const revoked = await keyed(env.app, secret, 'GET', '/v1/collections');
    expect(revoked.status).toBe(401);
    expect((await keyed(env.app, admin, 'DELETE', '/v1/keys/000000000000')).status).toBe(404);
  });

  test('an admin limited to alpha cannot make keys for beta, or see or delete beta', async () => {
    const adminA = await makeKey(env.lore, ['admin', 'read'], ['alpha']);
    const forBeta = await keyed(env.app, adminA, 'POST', '/v1/keys', {
      scopes: ['read'],
      collections: ['beta'],
    });
    expect(forBeta.status).toBe(403);
    const unlimited = await keyed(env.app, adminA, 'POST', '/v1/keys', { scopes: ['read'] });
    expect(unlimited.status).toBe(403);
    const escalate = await keyed(env.app, readA, 'POST', '/v1/keys', { scopes: ['read'] });
    expect(escalate.status).toBe(403);
    expect((await keyed(env.app, adminA, 'DELETE', '/v1/collections/beta')).status).toBe(404);
    expect((await keyed(env.app, adminA, 'POST', '/v1/collections', { name: 'gamma' })).status).toBe(403);
    const keys = await keyed(env.app, adminA, 'GET', '/v1/keys');
    expect(
      keys.body.data.every((key: { collections: string[] | null }) =>
        key.collections?.every((c) => c === 'alpha'),
      ),
    ).toBe(true);
    expect(await env.lore.collections.get('beta')).toMatchObject({ name: 'beta' });
  });
});
