import { LoreError, requireLanguageModel } from '../errors.js';
import type { SearchResult } from '../retrieval/search.js';
import type { ChatRecord, ChatStore } from '../spec/chat-store.js';
import type { ChatMessage, LanguageModel, SamplingOptions } from '../spec/language-model.js';
import type { Collection } from '../spec/metadata-store.js';
import { type ChatListOptions, type ChatPage, listChatPage } from './chat-pages.js';
import { type AnswerEvent, groundedAnswer, streamGroundedAnswer } from './grounded-answer.js';
import { createPrefillRate } from './prefill-rate.js';
import {
  type DocumentReader,
  type ProgressEvent,
  streamWholeDocumentAnswer,
  wholeDocumentAnswer,
} from './whole-document.js';
import { type AskScope, resolveScope } from './whole-document-scope.js';

export interface AskOptions {
  collection: string;
  /** Sampling for the answer: temperature, seed, maxTokens… */
  sampling?: SamplingOptions;
  question: string;
  topK?: number;
  /** Rerank the retrieved passages before answering (see SearchOptions.rerank). */
  rerank?: boolean;
  /** Continue this chat: its messages are the history, and the exchange is appended to it. */
  chatId?: string;
  /** History for a caller that keeps its own (ignored when `chatId` is set). */
  history?: ChatMessage[];
  abortSignal?: AbortSignal;
  /**
   * Seconds to the first token the prompt is sized for (see AnswerOptions.firstTokenSeconds); for a whole-document
   * answer, the time its reading is planned for (see WholeDocumentOptions.firstTokenSeconds).
   */
  firstTokenSeconds?: number;
  /** `chunks`: answer from the best passages; `document`: read one document whole; `auto` (default): decide. */
  scope?: AskScope;
  /** The document a `document`-scope answer reads (default: the best-ranked one for the question). */
  documentId?: string;
  /** Most chunk tokens one map step of a whole-document answer reads (see WholeDocumentOptions.groupTokens). */
  groupTokens?: number;
}

/** An answer's events; a whole-document answer also sends `progress` while it reads the document. */
export type AskEvent = (AnswerEvent | ProgressEvent) & { chatId?: string };

/** Grounded answers and chats over collections. */
export interface Answering {
  ask(options: AskOptions): Promise<Awaited<ReturnType<typeof groundedAnswer>> & { chatId?: string }>;
  askStream(options: AskOptions): AsyncIterable<AskEvent>;
  chats: {
    create(options: { collection: string; title?: string; ownerKeyId?: string | null }): Promise<ChatRecord>;
    get(id: string): Promise<ChatRecord>;
    /** A page of a collection's chats, most recently updated first; of one owner only when `ownerKeyId` is given. */
    list(collection: string, options?: ChatListOptions): Promise<ChatPage>;
    delete(id: string): Promise<void>;
  };
}

export interface AnsweringContext {
  model: LanguageModel | undefined;
  chats: ChatStore;
  getCollection: (name: string) => Promise<Collection>;
  search: (
    collection: string,
    query: string,
    topK: number,
    abortSignal?: AbortSignal,
    rerank?: boolean,
  ) => Promise<SearchResult[]>;
  /** A collection's documents, for whole-document answers; without it every ask answers from passages. */
  documents?: (collection: Collection) => DocumentReader;
}

/** Builds `ask`, `askStream` and chats on a language model, a chat store and search. */
export function createAnswering(context: AnsweringContext): Answering {
  // Measured on this machine by each answer; one model per Lore, so one estimate.
  const prefillRate = createPrefillRate();
  function requireModel(): LanguageModel {
    return requireLanguageModel(context.model, 'Answers');
  }

  async function getChat(id: string): Promise<ChatRecord> {
    const chat = await context.chats.getChat({ id });
    if (!chat) throw new LoreError('NOT_FOUND', `Chat ${id} does not exist.`);
    return chat;
  }

  async function prepare(options: AskOptions) {
    const model = requireModel();
    const collection = await context.getCollection(options.collection);
    let history = options.history ?? [];
    if (options.chatId) {
      const chat = await getChat(options.chatId);
      if (chat.collectionId !== collection.id) {
        throw new LoreError('BAD_REQUEST', `Chat ${chat.id} belongs to another collection.`);
      }
      history = chat.messages.map((message) => ({ role: message.role, content: message.content }));
    }
    const answerContext = {
      model,
      prefillRate,
      search: (query: string, topK: number, signal?: AbortSignal) =>
        context.search(options.collection, query, topK, signal, options.rerank),
    };
    const documents = context.documents?.(collection);
    const whole = documents && resolveScope(options.scope, options.question) === 'document';
    const documentContext = whole ? { ...answerContext, documents } : undefined;
    return { answerContext, documentContext, answerOptions: { ...options, history } };
  }

  async function remember(
    chatId: string | undefined,
    question: string,
    answer: string,
    citations: unknown[],
  ) {
    if (!chatId) return;
    await context.chats.appendMessages({
      chatId,
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: answer, citations },
      ],
    });
  }

  return {
    async ask(options) {
      const { answerContext, documentContext, answerOptions } = await prepare(options);
      const result = documentContext
        ? await wholeDocumentAnswer(documentContext, answerOptions)
        : await groundedAnswer(answerContext, answerOptions);
      // A stopped answer is partial: kept out of the chat so a follow-up is not rewritten from a fragment.
      if (result.finishReason !== 'abort') {
        await remember(options.chatId, options.question, result.answer, result.citations);
      }
      return { ...result, ...(options.chatId ? { chatId: options.chatId } : {}) };
    },
    async *askStream(options) {
      const { answerContext, documentContext, answerOptions } = await prepare(options);
      const events = documentContext
        ? streamWholeDocumentAnswer(documentContext, answerOptions)
        : streamGroundedAnswer(answerContext, answerOptions);
      for await (const event of events) {
        if (event.type === 'done') {
          if (event.finishReason !== 'abort') {
            await remember(options.chatId, options.question, event.answer, event.citations);
          }
          yield { ...event, ...(options.chatId ? { chatId: options.chatId } : {}) };
        } else {
          yield event;
        }
      }
    },
    chats: {
      async create({ collection, title, ownerKeyId }) {
        const found = await context.getCollection(collection);
        return context.chats.createChat({
          collectionId: found.id,
          title: title?.trim() || 'New chat',
          ownerKeyId,
        });
      },
      get: getChat,
      async list(collection, options = {}) {
        const collectionId = (await context.getCollection(collection)).id;
        return listChatPage(context.chats, collectionId, options);
      },
      async delete(id) {
        await getChat(id);
        await context.chats.deleteChat({ id });
      },
    },
  };
}
