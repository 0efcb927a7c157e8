import { type Agents, createAgents } from '../agents/agent-api.js';
import { type Answering, createAnswering } from '../generation/answering.js';
import { createObjectGeneration, type ObjectGeneration } from '../generation/generate-object.js';
import type { ChatStore } from '../spec/chat-store.js';
import type { LanguageModel } from '../spec/language-model.js';
import type { ChunkRecord } from '../spec/metadata-store.js';
import { retrieveForAnswer, traceAsk, traceAskStream } from '../tracing/index.js';
import type { Lore } from './types.js';

/** What answers, objects and agents are built on: the model, chats, and Lore's own lookups and search. */
export interface AskContext {
  languageModel: LanguageModel | undefined;
  chats: ChatStore;
  search: Lore['search'];
  collections: Pick<Lore['collections'], 'get' | 'list'>;
  documents: Pick<Lore['documents'], 'get' | 'content' | 'list'>;
  /** A document's chunk records, for whole-document answers. */
  chunks: (documentId: string) => Promise<ChunkRecord[]>;
}

/** `ask`, chats, `generateObject`, `runAgent` and `classify`, each searching through `context.search`. */
export function createAsk(context: AskContext): Answering & ObjectGeneration & Agents {
  const { languageModel: model, search } = context;
  const answering = createAnswering({
    model,
    chats: context.chats,
    getCollection: context.collections.get,
    search: (collection, query, topK, abortSignal, rerank) =>
      retrieveForAnswer(() => search({ collection, query, topK, abortSignal, rerank })),
    documents: (collection) => ({
      collectionId: collection.id,
      collection: collection.name,
      list: () => context.documents.list(collection.name),
      get: context.documents.get,
      content: context.documents.content,
      chunks: context.chunks,
    }),
  });
  const objects = createObjectGeneration({
    model,
    search: (collection, query, topK, abortSignal) => search({ collection, query, topK, abortSignal }),
  });
  const agents = createAgents(context);
  return {
    ask: (options) => traceAsk(options, () => answering.ask(options)),
    askStream: (options) => traceAskStream(options, () => answering.askStream(options)),
    chats: answering.chats,
    generateObject: objects.generateObject,
    runAgent: agents.runAgent,
    classify: agents.classify,
  };
}
