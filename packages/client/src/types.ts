import type { AppType } from '@lore/api';
import type { hc } from 'hono/client';

/** The typed Hono client of a Lore server's routes. */
export type RouteClient = ReturnType<typeof hc<AppType>>;

/** The body of a typed request's success response. */
export type OkBody<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never;
type Answer<F extends (...args: never[]) => unknown> = OkBody<Awaited<ReturnType<F>>>;

/** A collection as the API returns it. */
export type Collection = Answer<RouteClient['v1']['collections']['$get']>['data'][number];
/** A document record as the API returns it (`chunks`, ISO dates). */
export type LoreDocument = Answer<
  RouteClient['v1']['collections'][':name']['documents']['$get']
>['data'][number];
/** An ingestion job: status, progress and per-document errors. */
export type Job = Answer<RouteClient['v1']['jobs'][':id']['$get']>;
/** One retrieved chunk; `score` is higher-is-better. */
export type SearchResult = Answer<
  RouteClient['v1']['collections'][':name']['search']['$post']
>['results'][number];
/** A grounded answer with its checked citations. */
export type AskResponse = Exclude<
  Answer<RouteClient['v1']['collections'][':name']['ask']['$post']>,
  string | Response
>;
/** One citation of an answer. */
export type Citation = AskResponse['citations'][number];
/** A chat with its messages. */
export type Chat = Answer<RouteClient['v1']['chats'][':id']['$get']>;
/** A page of a collection's chats, most recently updated first; `nextCursor` is null on the last page. */
export type ChatPage = Answer<RouteClient['v1']['collections'][':name']['chats']['$get']>;
/** A chat as listed: no messages, only how many it has. */
export type ChatSummary = ChatPage['data'][number];

/** Search options, as `lore.search` takes them. */
export type SearchOptions = Parameters<
  RouteClient['v1']['collections'][':name']['search']['$post']
>[0]['json'] & {
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
  sampling?: SamplingOptions;
  abortSignal?: AbortSignal;
}

/** Events of `askStream`, as in the SDK: text deltas, the sources, the citations, then `done`. */
export type AskEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'sources'; sources: (SearchResult & { marker: number })[] }
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

type AgentRoute = RouteClient['v1']['agents']['run']['$post'];
type ClassifyRoute = RouteClient['v1']['classify']['$post'];
type KeysRoute = RouteClient['v1']['keys'];

/** Options of `runAgent`: the task, the collections and built-in tools it may use, and sampling. */
export type RunAgentOptions = Omit<
  Parameters<AgentRoute>[0]['json'],
  'temperature' | 'seed' | 'maxTokens'
> & {
  sampling?: Omit<SamplingOptions, 'topP'>;
  abortSignal?: AbortSignal;
};
/** The agent's answer and every step it took. */
export type AgentResult = Answer<AgentRoute>;
/** Options of `classify`: a text and its candidate labels. */
export type ClassifyOptions = Parameters<ClassifyRoute>[0]['json'] & { abortSignal?: AbortSignal };
/** The best label and a probability for each. */
export type ClassifyResult = Answer<ClassifyRoute>;
/** Options of `keys.create`: scopes and, optionally, the collections the key is limited to. */
export type CreateApiKeyOptions = Parameters<KeysRoute['$post']>[0]['json'];
/** A new key: `key` is the secret, shown this once. */
export type CreatedApiKey = Answer<KeysRoute['$post']>;
/** An API key as listed (never its secret). */
export type ApiKeyInfo = Answer<KeysRoute['$get']>['data'][number];

type ObjectsRoute = RouteClient['v1']['objects']['$post'];

/** Options of `generateObject`: a JSON schema (e.g. `z.toJSONSchema(zodSchema)`), a prompt or messages, sampling. */
export type GenerateObjectOptions = Parameters<ObjectsRoute>[0]['json'] & { abortSignal?: AbortSignal };
/** The object (typed by the caller), the JSON text the model wrote, usage and, when grounded, the sources. */
export type GenerateObjectResult<T = unknown> = Omit<Answer<ObjectsRoute>, 'object'> & { object: T };
