import type { AppType } from '@lore/api';
import { hc } from 'hono/client';
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
  ChatPage,
  ClassifyOptions,
  ClassifyResult,
  Collection,
  CreateApiKeyOptions,
  CreatedApiKey,
  GenerateObjectOptions,
  GenerateObjectResult,
  IngestOptions,
  IngestResult,
  Job,
  LoreDocument,
  OkBody,
  RouteClient,
  RunAgentOptions,
  SearchOptions,
  SearchResult,
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
  const api: RouteClient = hc<AppType>(baseUrl, { fetch: send });

  async function ok<R extends { ok: boolean; json(): Promise<unknown> }>(request: Promise<R>) {
    const response = await request;
    if (!response.ok) throw await toLoreApiError(response as unknown as Response);
    return (await response.json()) as OkBody<R>;
  }
  async function done(request: Promise<{ ok: boolean }>): Promise<void> {
    const response = await request;
    if (!response.ok) throw await toLoreApiError(response as unknown as Response);
  }
  const init = (abortSignal?: AbortSignal) => ({ init: { signal: abortSignal } });

  const jobs: LoreClient['jobs'] = {
    get: (id) => ok(api.v1.jobs[':id'].$get({ param: { id } })),
    async *watch(id, watchOptions = {}) {
      const response = await send(`${baseUrl}/v1/jobs/${encodeURIComponent(id)}/events`, {
        signal: watchOptions.abortSignal,
      });
      if (!response.ok) throw await toLoreApiError(response);
      for await (const event of readServerSentEvents(response)) {
        if (event.event === 'progress') yield JSON.parse(event.data) as Job;
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
      stream,
      ...options.sampling,
    };
  }

  return {
    health: () => ok(api.health.$get()),
    collections: {
      create: ({ name }) => ok(api.v1.collections.$post({ json: { name } })),
      async get(name) {
        const { data } = await ok(api.v1.collections.$get());
        const collection = data.find((candidate) => candidate.name === name);
        if (!collection) {
          throw new LoreApiError('NOT_FOUND', `Collection "${name}" does not exist. Create it first.`, 404);
        }
        return collection;
      },
      list: async () => (await ok(api.v1.collections.$get())).data,
      delete: (name) => done(api.v1.collections[':name'].$delete({ param: { name } })),
    },
    documents: {
      list: async (collection) =>
        (await ok(api.v1.collections[':name'].documents.$get({ param: { name: collection } }))).data,
      get: (id) => ok(api.v1.documents[':id'].$get({ param: { id } })),
      content: async (id) => (await ok(api.v1.documents[':id'].content.$get({ param: { id } }))).text,
      delete: (id) => done(api.v1.documents[':id'].$delete({ param: { id } })),
    },
    jobs,
    ingest: createIngest({ baseUrl, send, jobs }),
    async search({ collection, abortSignal, ...body }) {
      const request = api.v1.collections[':name'].search.$post(
        { param: { name: collection }, json: body },
        init(abortSignal),
      );
      return (await ok(request)).results;
    },
    async ask(options) {
      const request = api.v1.collections[':name'].ask.$post(
        { param: { name: options.collection }, json: askBody(options, false) },
        init(options.abortSignal),
      );
      return (await ok(request)) as AskResponse;
    },
    async *askStream(options) {
      const response = await send(`${baseUrl}/v1/collections/${encodeURIComponent(options.collection)}/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify(askBody(options, true)),
        signal: options.abortSignal,
      });
      if (!response.ok) throw await toLoreApiError(response);
      for await (const event of readServerSentEvents(response)) {
        if (event.event === 'error') throw streamErrorEvent(event.data, response.status);
        const data = JSON.parse(event.data);
        if (event.event === 'token') yield { type: 'text-delta', text: data.text };
        else if (event.event === 'sources') yield { type: 'sources', sources: data };
        else if (event.event === 'citations') yield { type: 'citations', citations: data };
        else if (event.event === 'done') {
          yield { ...data, type: 'done' };
          return;
        }
      }
      throw new LoreApiError('INTERNAL', 'The answer stream ended before its "done" event.', response.status);
    },
    chats: {
      create: (body) => ok(api.v1.chats.$post({ json: body })),
      get: (id) => ok(api.v1.chats[':id'].$get({ param: { id } })),
      list: (collection, { limit, cursor } = {}) =>
        ok(
          api.v1.collections[':name'].chats.$get({
            param: { name: collection },
            query: { limit: limit === undefined ? undefined : String(limit), cursor },
          }),
        ),
      delete: (id) => done(api.v1.chats[':id'].$delete({ param: { id } })),
    },
    runAgent: ({ sampling, abortSignal, ...body }) =>
      ok(api.v1.agents.run.$post({ json: { ...body, ...sampling } }, init(abortSignal))),
    async generateObject<T>({ abortSignal, ...body }: GenerateObjectOptions) {
      return (await ok(api.v1.objects.$post({ json: body }, init(abortSignal)))) as GenerateObjectResult<T>;
    },
    classify: ({ abortSignal, ...body }) => ok(api.v1.classify.$post({ json: body }, init(abortSignal))),
    keys: {
      create: (body) => ok(api.v1.keys.$post({ json: body })),
      list: async () => (await ok(api.v1.keys.$get())).data,
      revoke: (id) => done(api.v1.keys[':id'].$delete({ param: { id } })),
    },
  };
}
