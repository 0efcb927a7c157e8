import type {
  AgentRunRequest,
  AskResponse,
  AskSource,
  Citation,
  ClassifyRequest,
  CreateSourceOptions as CreateSourceRequest,
  GenerateObjectRequest,
  GenerateObjectResponse,
  Job,
  LoreDocument,
  SearchRequest,
} from '@lore/contract';

// The wire shapes come from the contract the server validates with; the options below add what only a
// caller has (the collection as an argument, an abort signal, sampling as one object).
export type {
  AgentResult,
  ApiKeyInfo,
  AskResponse,
  AskSource,
  Chat,
  ChatPage,
  ChatSummary,
  Citation,
  ClassifyResult,
  Collection,
  CreateApiKeyOptions,
  CreatedApiKey,
  ErrorBody,
  Job,
  LoreDocument,
  ModelInfo,
  SearchResult,
  Source,
  SyncResponse as SyncResult,
} from '@lore/contract';

/** Search options, as `lore.search` takes them. */
export type SearchOptions = SearchRequest & {
  collection: string;
  abortSignal?: AbortSignal;
};

/** Sampling for answers, as in the SDK. */
export interface SamplingOptions {
  temperature?: number;
  topP?: number;
  seed?: number;
  maxTokens?: number;
}

/** Options of `ask` and `askStream`, as in the SDK. */
export interface AskOptions {
  collection: string;
  question: string;
  topK?: number;
  chatId?: string;
  /** Re-score the retrieved passages with the server's reranker first. */
  rerank?: boolean;
  /**
   * `chunks` answers from the best passages, `document` reads a whole document (map-reduce within a time
   * budget, with `progress` events), `auto` (the server's default) decides from the question.
   */
  scope?: 'auto' | 'chunks' | 'document';
  /** The document a whole-document answer reads; by default the best-ranked one for the question. */
  documentId?: string;
  sampling?: SamplingOptions;
  abortSignal?: AbortSignal;
}

/** Events of `askStream`, as in the SDK: text deltas, the sources, the citations, then `done`. */
export type AskEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'sources'; sources: AskSource[] }
  | { type: 'citations'; citations: Citation[] }
  | ({ type: 'done' } & Omit<AskResponse, 'question'>);

/** One document to upload: plain text, or the bytes of a file. */
export type IngestInput =
  | { text: string; title?: string; metadata?: Record<string, unknown> }
  | { bytes: Uint8Array | Blob; fileName: string; mimeType?: string; metadata?: Record<string, unknown> };

/** Options of `ingest`, as in the SDK. */
export interface IngestOptions {
  collection: string;
  documents: IngestInput[];
  /** Resolve only when every document is indexed or failed. */
  wait?: boolean;
  onProgress?: (job: Job) => void;
  abortSignal?: AbortSignal;
}

/** The documents as they stand when `ingest` resolves, and the jobs that process them. */
export interface IngestResult {
  jobs: Job[];
  documents: LoreDocument[];
}

/** Options of `runAgent`: the task, the collections and built-in tools it may use, and sampling. */
export type RunAgentOptions = Omit<AgentRunRequest, 'temperature' | 'seed' | 'maxTokens'> & {
  sampling?: Omit<SamplingOptions, 'topP'>;
  abortSignal?: AbortSignal;
};
/** Options of `classify`: a text and its candidate labels. */
export type ClassifyOptions = ClassifyRequest & { abortSignal?: AbortSignal };

/** Options of `generateObject`: a JSON schema (e.g. `z.toJSONSchema(zodSchema)`), a prompt or messages, sampling. */
export type GenerateObjectOptions = GenerateObjectRequest & { abortSignal?: AbortSignal };
/** The object (typed by the caller), the JSON text the model wrote, usage and, when grounded, the sources. */
export type GenerateObjectResult<T = unknown> = Omit<GenerateObjectResponse, 'object'> & { object: T };

/**
 * Options of `sources.create`: a folder on the server's disk (`path`) or a site (`url`, with `maxPages` and
 * `maxDepth`), registered with a collection and synced every `intervalSeconds` when given.
 */
export type CreateSourceOptions = CreateSourceRequest & { collection: string };

/** Options of `sources.sync`: `wait` resolves only when every queued document is indexed or failed. */
export interface SyncOptions {
  wait?: boolean;
  abortSignal?: AbortSignal;
}
