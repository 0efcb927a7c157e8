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

/** Chats and their messages in Postgres. */
export interface ChatStore {
  createChat(options: {
    collectionId: string;
    title: string;
    ownerKeyId?: string | null;
  }): Promise<ChatRecord>;
  /** The chat with all its messages, or null. */
  getChat(options: { id: string }): Promise<ChatRecord | null>;
  /** Chats of a collection (of one owner when `ownerKeyId` is given), most recently updated first, without messages. */
  listChats(options: { collectionId: string; ownerKeyId?: string | null }): Promise<ChatRecord[]>;
  /** Appends messages in order, in one transaction. */
  appendMessages(options: {
    chatId: string;
    messages: { role: 'user' | 'assistant'; content: string; citations?: unknown[] }[];
  }): Promise<void>;
  deleteChat(options: { id: string }): Promise<void>;
}
