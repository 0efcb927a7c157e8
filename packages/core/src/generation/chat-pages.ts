import { LoreError } from '../errors.js';
import type { ChatStore, ChatSummary } from '../spec/chat-store.js';

/** How to page through `lore.chats.list`: at most `limit` chats (1 to 100, default 50) after `cursor`. */
export interface ChatListOptions {
  /** Only this API key's chats (null: those made without a key); all chats when left out. */
  ownerKeyId?: string | null;
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of chats, most recently updated first; `nextCursor` is null on the last page. */
export interface ChatPage {
  data: ChatSummary[];
  nextCursor: string | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(chat: ChatSummary): string {
  return Buffer.from(JSON.stringify([chat.updatedAt.toISOString(), chat.id])).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  const invalid = () =>
    new LoreError(
      'BAD_REQUEST',
      'The chat list cursor is not valid: pass `nextCursor` from the previous page.',
    );
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'string') throw invalid();
  const updatedAt = new Date(value[0]);
  // Years past 0001-9999 are valid in JavaScript but not in the stores' timestamp columns.
  const year = updatedAt.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999 || !uuidPattern.test(value[1])) throw invalid();
  return { updatedAt, id: value[1] };
}

/** Reads one page of a collection's chats from the store. */
export async function listChatPage(
  store: ChatStore,
  collectionId: string,
  options: ChatListOptions,
): Promise<ChatPage> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new LoreError(
      'BAD_REQUEST',
      `The chat list limit must be a whole number from 1 to 100, not ${limit}.`,
    );
  }
  const rows = await store.listChats({
    collectionId,
    ownerKeyId: options.ownerKeyId,
    limit: limit + 1,
    after: options.cursor === undefined ? undefined : decodeCursor(options.cursor),
  });
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
