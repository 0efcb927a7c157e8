import type { AskEventData, ChatPage, JobEventData, ModelInfo } from '@lore/contract';
import { LoreApiError, streamErrorEvent, toLoreApiError } from './errors.js';
import { createIngest } from './ingest.js';
import { readServerSentEvents } from './server-sent-events.js';
import type {
  AgentResult,
  ApiKeyInfo,
  AskEvent,
  AskOptions,
  AskResponse,
  Chat,
  ClassifyOptions,
  ClassifyResult,
  Collection,
  CreateApiKeyOptions,
  CreatedApiKey,
  CreateSourceOptions,
  GenerateObjectOptions,
  GenerateObjectResult,
  IngestOptions,
  IngestResult,
  Job,
  LoreDocument,
  RunAgentOptions,
  SearchOptions,
  SearchResult,
  Source,
  SyncOptions,
  SyncResult,
} from './types.js';

export interface LoreClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` when the server requires API keys. */
  apiKey?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** A Lore server, behind the same method names as the in-process SDK. */
export interface LoreClient {
  health(): Promise<{ status: 'ok' }>;
  collections: {
    create(options: { name: string }): Promise<Collection>;
    get(name: string): Promise<Collection>;
    list(): Promise<Collection[]>;
    delete(name: string): Promise<void>;
  };
  documents: {
    list(collection: string): Promise<LoreDocument[]>;
    get(id: string): Promise<LoreDocument>;
    content(id: string): Promise<string>;
    delete(id: string): Promise<void>;
  };
  jobs: {
    get(id: string): Promise<Job>;
    /** Yields the job each time it changes, ending with a terminal state. */
    watch(id: string, options?: { abortSignal?: AbortSignal }): AsyncIterable<Job>;
  };
  ingest(options: IngestOptions): Promise<IngestResult>;
  /** Folders on the server's disk and sites, synced into a collection. */
  sources: {
    /** Registers a folder (`path`) or a site (`url`) with a collection; it is synced when asked or on its interval. */
    create(options: CreateSourceOptions): Promise<Source>;
    /** The sources of a collection, or of every collection. */
    list(collection?: string): Promise<Source[]>;
    get(id: string): Promise<Source>;
    /**
     * Syncs the source: new files or pages are ingested, changed ones replace their document, deleted ones
     * lose it. Resolves once the work is queued (with `wait`, once its job ends).
     */
    sync(id: string, options?: SyncOptions): Promise<SyncResult>;
    /** Deletes the source and, unless `keepDocuments`, the documents it brought in. */
    delete(id: string, options?: { keepDocuments?: boolean }): Promise<void>;
  };
  search(options: SearchOptions): Promise<SearchResult[]>;
  ask(options: AskOptions): Promise<AskResponse>;
  /** The answer as it is generated, read from the server's event stream. */
  askStream(options: AskOptions): AsyncIterable<AskEvent>;
  chats: {
    create(options: { collection: string; title?: string }): Promise<Chat>;
    get(id: string): Promise<Chat>;
    /** A page of a collection's chats (with API keys: the key's own), most recently updated first. */
    list(collection: string, options?: { limit?: number; cursor?: string }): Promise<ChatPage>;
    delete(id: string): Promise<void>;
  };
  /** The models the server lists: its chat model, one `lore:<collection>` per collection, the embedder. */
  models(): Promise<ModelInfo[]>;
  /** The tool-calling agent with the server's built-in tools (search, read_document, calculator…). */
  runAgent(options: RunAgentOptions): Promise<AgentResult>;
  /** An object matching a JSON schema; decoding is constrained to it, so it always parses. */
  generateObject<T = unknown>(options: GenerateObjectOptions): Promise<GenerateObjectResult<T>>;
  /** The LLM as a classifier: a probability for each label. */
  classify(options: ClassifyOptions): Promise<ClassifyResult>;
  /** API keys (admin scope). */
  keys: {
    create(options: CreateApiKeyOptions): Promise<CreatedApiKey>;
    list(): Promise<ApiKeyInfo[]>;
    revoke(id: string): Promise<void>;
  };
}

/** Creates a client for a Lore server; it holds no connections, so there is nothing to close. */
export function createLoreClient(options: LoreClientOptions): LoreClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  /** fetch with the client's headers; failures without an answer become LoreApiErrors too. */
  const send: typeof fetch = async (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) if (!merged.has(name)) merged.set(name, value);
    try {
      return await baseFetch(input, { ...init, headers: merged });
    } catch (error) {
      if (init?.signal?.aborted)
        throw new LoreApiError('ABORTED', 'The request was aborted.', 0, { cause: error });
      throw new LoreApiError('NETWORK', `Could not reach the Lore server at ${baseUrl}.`, 0, {
        cause: error,
      });
    }
  };
  /** A JSON request to `path` (segments already encoded); its answer's body, or a LoreApiError. */
  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await send(`${baseUrl}${path}`, {
      method,
      signal,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await toLoreApiError(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  const get = <T>(path: string) => call<T>('GET', path);
  const post = <T>(path: string, body: unknown, signal?: AbortSignal) => call<T>('POST', path, body, signal);
  const remove = (path: string) => call<void>('DELETE', path);
  const segment = encodeURIComponent;

  const jobs: LoreClient['jobs'] = {
    get: (id) => get<Job>(`/v1/jobs/${segment(id)}`),
    async *watch(id, watchOptions = {}) {
      const response = await send(`${baseUrl}/v1/jobs/${encodeURIComponent(id)}/events`, {
        signal: watchOptions.abortSignal,
      });
      if (!response.ok) throw await toLoreApiError(response);
      for await (const event of readServerSentEvents(response)) {
        if (event.event === 'progress') yield JSON.parse(event.data) as JobEventData['progress'];
        if (event.event === 'done') return;
        if (event.event === 'error') throw streamErrorEvent(event.data, response.status);
      }
    },
  };

  function askBody(options: AskOptions, stream: boolean) {
    return {
      question: options.question,
      topK: options.topK,
      chatId: options.chatId,
      rerank: options.rerank,
      scope: options.scope,
      documentId: options.documentId,
      stream,
      ...options.sampling,
    };
  }

  const collectionPath = (name: string) => `/v1/collections/${segment(name)}`;
  const listCollections = async () => (await get<{ data: Collection[] }>('/v1/collections')).data;

  return {
    health: () => get<{ status: 'ok' }>('/health'),
    collections: {
      create: ({ name }) => post<Collection>('/v1/collections', { name }),
      async get(name) {
        const collection = (await listCollections()).find((candidate) => candidate.name === name);
        if (!collection) {
          throw new LoreApiError('NOT_FOUND', `Collection "${name}" does not exist. Create it first.`, 404);
        }
        return collection;
      },
      list: listCollections,
      delete: (name) => remove(collectionPath(name)),
    },
    documents: {
      list: async (collection) =>
        (await get<{ data: LoreDocument[] }>(`${collectionPath(collection)}/documents`)).data,
      get: (id) => get<LoreDocument>(`/v1/documents/${segment(id)}`),
      content: async (id) => (await get<{ text: string }>(`/v1/documents/${segment(id)}/content`)).text,
      delete: (id) => remove(`/v1/documents/${segment(id)}`),
    },
    jobs,
    ingest: createIngest({ baseUrl, send, jobs }),
    sources: {
      create: ({ collection, ...body }) => post<Source>(`${collectionPath(collection)}/sources`, body),
      list: async (collection) =>
        (await get<{ data: Source[] }>(collection ? `${collectionPath(collection)}/sources` : '/v1/sources'))
          .data,
      get: (id) => get<Source>(`/v1/sources/${segment(id)}`),
      sync: (id, { wait, abortSignal } = {}) =>
        post<SyncResult>(
          `/v1/sources/${segment(id)}/sync${wait ? '?wait=true' : ''}`,
          undefined,
          abortSignal,
        ),
      delete: (id, { keepDocuments } = {}) =>
        remove(`/v1/sources/${segment(id)}${keepDocuments ? '?keepDocuments=true' : ''}`),
    },
    async search({ collection, abortSignal, ...body }) {
      const path = `${collectionPath(collection)}/search`;
      return (await post<{ results: SearchResult[] }>(path, body, abortSignal)).results;
    },
    ask: (options) =>
      post<AskResponse>(
        `${collectionPath(options.collection)}/ask`,
        askBody(options, false),
        options.abortSignal,
      ),
    async *askStream(options) {
      const response = await send(`${baseUrl}${collectionPath(options.collection)}/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify(askBody(options, true)),
        signal: options.abortSignal,
      });
      if (!response.ok) throw await toLoreApiError(response);
      let done = false;
      for await (const event of readServerSentEvents(response)) {
        // The server closes the stream right after 'done': reading on to its end, rather than cancelling the
        // body, leaves the response complete for whatever else watches it (a browser's network log, a proxy).
        if (done) continue;
        if (event.event === 'error') throw streamErrorEvent(event.data, response.status);
        const data = JSON.parse(event.data);
        if (event.event === 'token') yield { type: 'text-delta', text: (data as AskEventData['token']).text };
        else if (event.event === 'sources')
          yield { type: 'sources', sources: data as AskEventData['sources'] };
        else if (event.event === 'progress')
          yield { type: 'progress', ...(data as AskEventData['progress']) };
        else if (event.event === 'citations')
          yield { type: 'citations', citations: data as AskEventData['citations'] };
        else if (event.event === 'done') {
          yield { ...(data as AskEventData['done']), type: 'done' };
          done = true;
        }
      }
      if (!done)
        throw new LoreApiError(
          'INTERNAL',
          'The answer stream ended before its "done" event.',
          response.status,
        );
    },
    chats: {
      create: (body) => post<Chat>('/v1/chats', body),
      get: (id) => get<Chat>(`/v1/chats/${segment(id)}`),
      list(collection, { limit, cursor } = {}) {
        const query = new URLSearchParams();
        if (limit !== undefined) query.set('limit', String(limit));
        if (cursor !== undefined) query.set('cursor', cursor);
        const search = query.size > 0 ? `?${query}` : '';
        return get<ChatPage>(`${collectionPath(collection)}/chats${search}`);
      },
      delete: (id) => remove(`/v1/chats/${segment(id)}`),
    },
    models: async () => (await get<{ data: ModelInfo[] }>('/v1/models')).data,
    runAgent: ({ sampling, abortSignal, ...body }) =>
      post<AgentResult>('/v1/agents/run', { ...body, ...sampling }, abortSignal),
    generateObject: <T>({ abortSignal, ...body }: GenerateObjectOptions) =>
      post<GenerateObjectResult<T>>('/v1/objects', body, abortSignal),
    classify: ({ abortSignal, ...body }) => post<ClassifyResult>('/v1/classify', body, abortSignal),
    keys: {
      create: (body) => post<CreatedApiKey>('/v1/keys', body),
      list: async () => (await get<{ data: ApiKeyInfo[] }>('/v1/keys')).data,
      revoke: (id) => remove(`/v1/keys/${segment(id)}`),
    },
  };
}
