import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLore, type DatabaseKind } from '../support/lore.js';

describe.each<DatabaseKind>(['pglite', 'postgres'])('chat routes on %s', (kind) => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore(kind);
    for (const name of ['talks', 'other']) {
      expect((await call(env.app, 'POST', '/v1/collections', { name })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('GET /v1/collections/{name}/chats lists them newest first, page by page', async () => {
    const titles = ['first', 'second', 'third', 'fourth', 'fifth'];
    for (const title of titles) {
      expect((await call(env.app, 'POST', '/v1/chats', { collection: 'talks', title })).status).toBe(201);
    }
    await call(env.app, 'POST', '/v1/chats', { collection: 'other', title: 'elsewhere' });

    const listed: { title: string; collection: string; messageCount: number; updatedAt: string }[] = [];
    let path = '/v1/collections/talks/chats?limit=2';
    let pages = 0;
    for (;;) {
      const page = await call(env.app, 'GET', path);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      listed.push(...page.body.data);
      pages++;
      if (page.body.nextCursor === null) break;
      path = `/v1/collections/talks/chats?limit=2&cursor=${encodeURIComponent(page.body.nextCursor)}`;
    }
    expect(pages).toBe(3);
    expect(listed.map((chat) => chat.title).toSorted()).toEqual(titles.toSorted());
    expect(listed[0]).toMatchObject({ collection: 'talks', messageCount: 0 });
    expect(Object.keys(listed[0] ?? {}).toSorted()).toEqual(
      ['collection', 'createdAt', 'id', 'messageCount', 'title', 'updatedAt'].toSorted(),
    );
    const times = listed.map((chat) => Date.parse(chat.updatedAt));
    expect(times).toEqual(times.toSorted((a, b) => b - a));

    const all = await call(env.app, 'GET', '/v1/collections/talks/chats');
    expect(all.body).toMatchObject({ nextCursor: null });
    expect(all.body.data).toHaveLength(5);
  });

  test('a bad limit or cursor is a 400, an unknown collection a 404', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=two', 'cursor=nonsense', 'cursor=WyJ4IiwieSJd']) {
      const response = await call(env.app, 'GET', `/v1/collections/talks/chats?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBeTypeOf('string');
    }
    expect((await call(env.app, 'GET', '/v1/collections/nope/chats')).status).toBe(404);
  });

  test('DELETE /v1/chats/{id} removes the chat from reads and lists', async () => {
    const chat = await call(env.app, 'POST', '/v1/chats', { collection: 'other', title: 'doomed' });
    expect((await call(env.app, 'DELETE', `/v1/chats/${chat.body.id}`)).status).toBe(204);
    expect((await call(env.app, 'GET', `/v1/chats/${chat.body.id}`)).status).toBe(404);
    const listed = await call(env.app, 'GET', '/v1/collections/other/chats');
    expect(listed.body.data.map((item: { title: string }) => item.title)).toEqual(['elsewhere']);
    expect((await call(env.app, 'DELETE', `/v1/chats/${chat.body.id}`)).status).toBe(404);
    expect((await call(env.app, 'DELETE', '/v1/chats/not-a-chat')).status).toBe(404);
  });
});
