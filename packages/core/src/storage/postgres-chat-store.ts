import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
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
    async listChats({ collectionId, ownerKeyId, limit, after }) {
      const owner =
        ownerKeyId === undefined
          ? undefined
          : ownerKeyId === null
            ? isNull(chats.ownerKeyId)
            : eq(chats.ownerKeyId, ownerKeyId);
      // Ordered and compared at millisecond precision, the precision of the `updatedAt` a caller passes back.
      const updated = sql`date_trunc('milliseconds', ${chats.updatedAt})`;
      const rest = after
        ? sql`(${updated}, ${chats.id}) < (${after.updatedAt.toISOString()}::timestamptz, ${after.id}::uuid)`
        : undefined;
      const query = db
        .select({
          id: chats.id,
          collectionId: chats.collectionId,
          title: chats.title,
          ownerKeyId: chats.ownerKeyId,
          createdAt: chats.createdAt,
          updatedAt: updated.mapWith(chats.updatedAt),
          // Spelled out: drizzle writes `${chats.id}` as a bare "id", which the subquery would read as its own.
          messageCount: sql<number>`(select count(*) from chat_messages where chat_messages.chat_id = chats.id)::int`,
        })
        .from(chats)
        .where(and(eq(chats.collectionId, collectionId), owner, rest))
        .orderBy(desc(updated), desc(chats.id));
      return limit === undefined ? await query : await query.limit(limit);
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
