/** One stored chat message; assistant messages carry the citations of their answer. */
export interface ChatMessageRecord {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  citations: unknown[];
  createdAt: Date;
}

/** A conversation over one collection, with its messages oldest first. */
export interface ChatRecord {
  id: string;
  collectionId: string;
  title: string;
  /** The API key that created the chat; null without keys. */
  ownerKeyId: string | null;
  createdAt: Date;
  updatedAt: Date;
  messages: ChatMessageRecord[];
}

/** A chat as listed: no messages, only how many it has. */
export interface ChatSummary extends Omit<ChatRecord, 'messages'> {
  messageCount: number;
}

/** Chats and their messages in Postgres. */
export interface ChatStore {
  createChat(options: {
    collectionId: string;
    title: string;
    ownerKeyId?: string | null;
  }): Promise<ChatRecord>;
  /** The chat with all its messages, or null. */
  getChat(options: { id: string }): Promise<ChatRecord | null>;
  /**
   * Chats of a collection (of one owner when `ownerKeyId` is given), most recently updated first, at most
   * `limit` of them, starting after the listed chat `after` (its `updatedAt` and `id`).
   */
  listChats(options: {
    collectionId: string;
    ownerKeyId?: string | null;
    limit?: number;
    after?: { updatedAt: Date; id: string };
  }): Promise<ChatSummary[]>;
  /** Appends messages in order, in one transaction. */
  appendMessages(options: {
    chatId: string;
    messages: { role: 'user' | 'assistant'; content: string; citations?: unknown[] }[];
  }): Promise<void>;
  /** Deletes the chat and its messages; nothing happens when there is no such chat. */
  deleteChat(options: { id: string }): Promise<void>;
}
