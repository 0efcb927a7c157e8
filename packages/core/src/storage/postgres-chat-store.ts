import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { ChatRecord, ChatStore } from '../spec/chat-store.js';
import type { Database } from './database.js';
import { isUuid } from './metadata/records.js';
import { chatMessages, chats } from './schema.js';

function toChat(
  row: typeof chats.$inferSelect,
  messages: (typeof chatMessages.$inferSelect)[] = [],
): ChatRecord {
  return {
    id: row.id,
    collectionId: row.collectionId,
    title: row.title,
    ownerKeyId: row.ownerKeyId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    messages: messages.map((message) => ({
      id: message.id,
      role: message.role,
      content: message.content,
      citations: message.citations,
      createdAt: message.createdAt,
    })),
  };
}

/** A `ChatStore` over the same drizzle database as the metadata store. */
export function createPostgresChatStore(database: Database): ChatStore {
  const { db } = database;
  return {
    async createChat({ collectionId, title, ownerKeyId }) {
      const [row] = await db
        .insert(chats)
        .values({ collectionId, title, ownerKeyId: ownerKeyId ?? null })
        .returning();
      if (!row) throw new Error('insert into chats returned no row');
      return toChat(row);
    },
    async getChat({ id }) {
      if (!isUuid(id)) return null;
      const [row] = await db.select().from(chats).where(eq(chats.id, id));
      if (!row) return null;
      const messages = await db
        .select()
        .from(chatMessages)
        .where(eq(chatMessages.chatId, id))
        .orderBy(asc(chatMessages.createdAt));
      return toChat(row, messages);
    },
    async listChats({ collectionId, ownerKeyId }) {
      const owner =
        ownerKeyId === undefined
          ? undefined
          : ownerKeyId === null
            ? isNull(chats.ownerKeyId)
            : eq(chats.ownerKeyId, ownerKeyId);
      const rows = await db
        .select()
        .from(chats)
        .where(and(eq(chats.collectionId, collectionId), owner))
        .orderBy(desc(chats.updatedAt));
      return rows.map((row) => toChat(row));
    },
    async appendMessages({ chatId, messages }) {
      if (messages.length === 0) return;
      await db.transaction(async (tx) => {
        for (const message of messages) {
          await tx.insert(chatMessages).values({
            chatId,
            role: message.role,
            content: message.content,
            citations: message.citations ?? [],
          });
        }
        await tx.update(chats).set({ updatedAt: new Date() }).where(eq(chats.id, chatId));
      });
    },
    async deleteChat({ id }) {
      if (isUuid(id)) await db.delete(chats).where(eq(chats.id, id));
    },
  };
}
