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
    expect((await chats.listChats({ collectionId: collection.id })).map((c) => c.id)).toEqual([chat.id]);
    expect(await chats.getChat({ id: 'not-a-uuid' })).toBeNull();

    await metadata.deleteCollection({ id: collection.id });
    expect(await chats.getChat({ id: chat.id })).toBeNull();
  });
});
