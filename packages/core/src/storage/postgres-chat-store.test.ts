import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChatStore } from '../spec/chat-store.js';
import type { MetadataStore } from '../spec/metadata-store.js';
import { createDatabase, type Database } from './database.js';
import { createPostgresChatStore } from './postgres-chat-store.js';
import { createPostgresMetadataStore } from './postgres-metadata-store.js';
import { createTestDatabase } from './testing/test-database.js';

describe.each(['pglite', 'postgres'] as const)('chat store on %s', (kind) => {
  let database: Database;
  let chats: ChatStore;
  let metadata: MetadataStore;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const server = kind === 'postgres' ? await createTestDatabase() : undefined;
    drop = server?.drop;
    database = await createDatabase(server ? { url: server.url } : {});
    chats = createPostgresChatStore(database);
    metadata = createPostgresMetadataStore(database);
  });
  afterAll(async () => {
    await database.close();
    await drop?.();
  });

  test('messages come back in the order they were written, with citations', async () => {
    const collection = await metadata.createCollection({ name: 'talk' });
    const chat = await chats.createChat({ collectionId: collection.id, title: 'Cats' });
    expect(chat.messages).toEqual([]);
    await chats.appendMessages({
      chatId: chat.id,
      messages: [
        { role: 'user', content: 'How long do cats sleep?' },
        { role: 'assistant', content: 'About fifteen hours [1].', citations: [{ marker: 1, chunkId: 'c1' }] },
      ],
    });
    await chats.appendMessages({ chatId: chat.id, messages: [{ role: 'user', content: 'And dogs?' }] });
    const loaded = await chats.getChat({ id: chat.id });
    expect(loaded?.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'How long do cats sleep?'],
      ['assistant', 'About fifteen hours [1].'],
      ['user', 'And dogs?'],
    ]);
    expect(loaded?.messages[1]?.citations).toEqual([{ marker: 1, chunkId: 'c1' }]);
    const [listed] = await chats.listChats({ collectionId: collection.id });
    expect(listed).toMatchObject({ id: chat.id, title: 'Cats', messageCount: 3 });
    expect(listed).not.toHaveProperty('messages');
    expect(await chats.getChat({ id: 'not-a-uuid' })).toBeNull();

    await metadata.deleteCollection({ id: collection.id });
    expect(await chats.getChat({ id: chat.id })).toBeNull();
  });

  test('lists page by page, most recently updated first, with no chat twice or left out', async () => {
    const collection = await metadata.createCollection({ name: 'pages' });
    const made = [];
    for (const title of ['one', 'two', 'three', 'four', 'five']) {
      made.push(await chats.createChat({ collectionId: collection.id, title, ownerKeyId: null }));
    }
    const owner = '11111111-1111-4111-8111-111111111111';
    await chats.createChat({ collectionId: collection.id, title: 'keyed', ownerKeyId: owner });
    // A message moves a chat to the front.
    await chats.appendMessages({ chatId: made[1]?.id ?? '', messages: [{ role: 'user', content: 'Hi' }] });

    const titles: string[] = [];
    let after: { updatedAt: Date; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await chats.listChats({ collectionId: collection.id, ownerKeyId: null, limit: 2, after });
      titles.push(...rows.map((row) => row.title));
      const last = rows.at(-1);
      if (rows.length < 2 || !last) break;
      after = { updatedAt: last.updatedAt, id: last.id };
    }
    expect(titles[0]).toBe('two');
    expect(titles.toSorted()).toEqual(['five', 'four', 'one', 'three', 'two']);
    const all = await chats.listChats({ collectionId: collection.id });
    expect(all.map((row) => row.title)).toEqual(expect.arrayContaining(['keyed', 'two']));
    expect(all).toHaveLength(6);
    const keyed = await chats.listChats({ collectionId: collection.id, ownerKeyId: owner });
    expect(keyed.map((row) => row.title)).toEqual(['keyed']);
    const times = all.map((row) => row.updatedAt.getTime());
    expect(times).toEqual(times.toSorted((a, b) => b - a));
  });
});
