import { type ApiKeys, createApiKeys } from './access/api-keys.js';
import { type Agents, createAgents } from './agents/agent-api.js';
import { LoreError } from './errors.js';
import { type Answering, createAnswering } from './generation/answering.js';
import { createObjectGeneration, type ObjectGeneration } from './generation/generate-object.js';
import { contentHash } from './ingestion/ids.js';
import {
  checkIngestInput,
  defaultUploadLimits,
  type UploadLimits,
} from './ingestion/loaders/upload-check.js';
import { type FilePathInput, readFileInput } from './ingestion/read-files.js';
import { createIngestionWorker, type IngestionEvent, type IngestionWorker } from './ingestion/worker.js';
import { type DoctorOptions, type DoctorReport, runDoctor } from './maintenance/doctor.js';
import { createFusionProfiles } from './retrieval/fusion-profiles.js';
import { createLanguageModelReranker } from './retrieval/llm-reranker.js';
import { rerankResults } from './retrieval/rerank-results.js';
import { type SearchOptions, type SearchResult, searchCollection } from './retrieval/search.js';
import type { ChatStore } from './spec/chat-store.js';
import type { Embedder, Reranker } from './spec/embedding.js';
import type { LanguageModel } from './spec/language-model.js';
import type {
  Collection,
  DocumentRecord,
  JobRecord,
  MetadataStore,
  NewDocument,
} from './spec/metadata-store.js';
import type { VectorStore } from './spec/vector-store.js';

/** One document to ingest: a file path, raw bytes of a file, or plain text. */
export type IngestInput =
  | FilePathInput
  | {
      bytes: Uint8Array;
      fileName?: string;
      mimeType?: string;
      title?: string;
      key?: string;
      metadata?: Record<string, unknown>;
    }
  | { text: string; title?: string; key?: string; metadata?: Record<string, unknown> };
/* `key`: the document's identity in its collection (default: file name, else title, else content hash);
   ingesting again under the same key replaces the document when its content changed. */

export interface IngestOptions {
  collection: string;
  documents: IngestInput[];
  /** Resolve only when every document is indexed or failed. */
  wait?: boolean;
  onProgress?: (job: JobRecord) => void;
  abortSignal?: AbortSignal;
}

export interface IngestResult {
  job: JobRecord;
  documents: DocumentRecord[];
}

export interface LoreServices {
  metadata: MetadataStore;
  vectors: VectorStore;
  embedder: Embedder;
  chats: ChatStore;
  /** The LLM for answers; without one, `ask` fails with MODEL_UNAVAILABLE and search still works. */
  languageModel?: LanguageModel;
  /** Re-scores results for `rerank: true`; default: the LLM as a yes/no judge when it can score tokens. */
  reranker?: Reranker;
  /** Run an ingestion worker in this process (default true). */
  worker?: boolean;
  workerOptions?: { batchSize?: number; leaseMs?: number; pollMs?: number; concurrency?: number };
  chunking?: { maxTokens?: number; overlapTokens?: number };
  onWorkerError?: (error: unknown) => void;
  /** Size, archive and nesting limits every ingested document must meet (default `defaultUploadLimits`). */
  uploadLimits?: Partial<UploadLimits>;
}

const collectionName = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Lore's in-process API: collections, ingestion, search. The HTTP server is built on it. */
export interface Lore extends Answering, Agents, ObjectGeneration {
  readonly embedder: Embedder;
  readonly languageModel: LanguageModel | undefined;
  collections: {
    create(options: { name: string }): Promise<Collection>;
    get(name: string): Promise<Collection>;
    list(): Promise<Collection[]>;
    delete(name: string): Promise<void>;
  };
  documents: {
    list(collection: string): Promise<DocumentRecord[]>;
    get(id: string): Promise<DocumentRecord>;
    content(id: string): Promise<string>;
    delete(id: string): Promise<void>;
  };
  jobs: {
    get(id: string): Promise<JobRecord>;
    /** Yields the job each time it changes, ending with a terminal state. */
    watch(id: string, options?: { abortSignal?: AbortSignal; pollMs?: number }): AsyncIterable<JobRecord>;
  };
  ingest(options: IngestOptions): Promise<IngestResult>;
  /** API keys, kept in the metadata store. */
  keys: ApiKeys;
  search(options: SearchOptions & { collection: string }): Promise<SearchResult[]>;
  /** Subscribes to document status changes of this process's worker; returns an unsubscribe function. */
  onIngestionEvent(listener: (event: IngestionEvent) => void): () => void;
  /** Checks that Postgres and LanceDB agree and no crash left work stuck; `repair` fixes what it finds. */
  doctor(options?: DoctorOptions): Promise<DoctorReport>;
  close(): Promise<void>;
}

/** Wires stores and models into a Lore instance; the caller owns nothing it passed in after this. */
export function createLoreFromServices(services: LoreServices): Lore {
  const { metadata, vectors, embedder } = services;
  const listeners = new Set<(event: IngestionEvent) => void>();
  const fusion = createFusionProfiles({ metadata, vectors, embedder });
  const uploadLimits = { ...defaultUploadLimits, ...services.uploadLimits };
  const worker: IngestionWorker | null =
    services.worker === false
      ? null
      : createIngestionWorker({
          metadata,
          vectors,
          embedder,
          ...services.workerOptions,
          chunking: services.chunking,
          onEvent: (event) => {
            if (event.status === 'indexed' && event.collectionId) fusion.changed(event.collectionId);
            for (const listener of listeners) listener(event);
          },
          onError: services.onWorkerError,
        });
  worker?.start();

  async function getCollection(name: string): Promise<Collection> {
    const collection = await metadata.getCollection({ name });
    if (!collection)
      throw new LoreError('NOT_FOUND', `Collection "${name}" does not exist. Create it first.`);
    return collection;
  }

  async function getDocument(id: string): Promise<DocumentRecord> {
    const document = await metadata.getDocument({ id });
    if (!document) throw new LoreError('NOT_FOUND', `Document ${id} does not exist.`);
    return document;
  }

  async function getJob(id: string): Promise<JobRecord> {
    const job = await metadata.getJob({ id });
    if (!job) throw new LoreError('NOT_FOUND', `Job ${id} does not exist.`);
    return job;
  }

  async function* watch(id: string, options: { abortSignal?: AbortSignal; pollMs?: number } = {}) {
    let last = '';
    for (;;) {
      const job = await getJob(id);
      const key = JSON.stringify([job.status, job.progress, job.errors.length]);
      if (key !== last) {
        last = key;
        yield job;
      }
      if (job.status === 'completed' || job.status === 'failed') return;
      if (options.abortSignal?.aborted) return;
      await waitForChange(id, options.pollMs ?? 250, options.abortSignal);
    }
  }

  /** Resolves on the next worker event for this job, or after `pollMs` (other processes may do the work). */
  function waitForChange(jobId: string, pollMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        listeners.delete(listener);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const listener = (event: IngestionEvent) => {
        if (event.jobId === jobId) done();
      };
      const timer = setTimeout(done, pollMs);
      listeners.add(listener);
      signal?.addEventListener('abort', done);
    });
  }

  const reranker =
    services.reranker ??
    (services.languageModel?.scoreContinuations
      ? createLanguageModelReranker({ model: services.languageModel })
      : undefined);
  const search = async (options: SearchOptions & { collection: string }) => {
    const collection = await getCollection(options.collection);
    const context = { metadata, vectors, embedder, fusion };
    if (!options.rerank) return searchCollection(context, collection, options);
    if (!reranker) {
      throw new LoreError('BAD_REQUEST', 'rerank needs a reranker: configure a local LLM (LORE_LLM_MODEL).');
    }
    const topK = options.topK ?? 10;
    const candidates = Math.max(topK, options.rerankCandidates ?? 20);
    const results = await searchCollection(context, collection, { ...options, topK: candidates });
    return rerankResults(reranker, options.query, results, topK, options.abortSignal);
  };
  const answering = createAnswering({
    model: services.languageModel,
    chats: services.chats,
    getCollection,
    search: (collection, query, topK, abortSignal, rerank) =>
      search({ collection, query, topK, abortSignal, rerank }),
  });

  const lore: Lore = {
    ...createAgents(() => lore),
    ...answering,
    ...createObjectGeneration({
      model: services.languageModel,
      search: (collection, query, topK, abortSignal) => search({ collection, query, topK, abortSignal }),
    }),
    embedder,
    languageModel: services.languageModel,
    collections: {
      async create({ name }) {
        if (!collectionName.test(name)) {
          throw new LoreError(
            'BAD_REQUEST',
            `Invalid collection name "${name}": use 1-64 letters, digits, "-" or "_", starting with a letter or digit.`,
          );
        }
        if (await metadata.getCollection({ name })) {
          throw new LoreError('CONFLICT', `Collection "${name}" already exists.`);
        }
        return metadata.createCollection({ name });
      },
      get: getCollection,
      list: () => metadata.listCollections(),
      async delete(name) {
        const collection = await getCollection(name);
        await metadata.deleteCollection({ id: collection.id });
        await vectors.dropCollection({ collectionId: collection.id });
      },
    },
    documents: {
      async list(collection) {
        return metadata.listDocuments({ collectionId: (await getCollection(collection)).id });
      },
      get: getDocument,
      async content(id) {
        await getDocument(id);
        const content = await metadata.getDocumentContent({ id });
        if (content == null) throw new LoreError('CONFLICT', `Document ${id} is not indexed yet.`);
        return content;
      },
      async delete(id) {
        const document = await getDocument(id);
        await metadata.deleteDocument({ id });
        await vectors.deleteDocuments({ collectionId: document.collectionId, documentIds: [id] });
        fusion.changed(document.collectionId);
      },
    },
    jobs: { get: getJob, watch },
    async ingest(options) {
      const collection = await getCollection(options.collection);
      if (options.documents.length === 0) throw new LoreError('BAD_REQUEST', 'No documents to ingest.');
      const inputs = await Promise.all(
        options.documents.map((input) => ('path' in input ? readFileInput(input) : input)),
      );
      const documents = inputs.map(toNewDocument);
      for (const { bytes, fileName, mimeType, metadata: fields } of documents) {
        // Every path in (HTTP, SDK, CLI, MCP) meets the same limits, before anything is stored.
        const named = { fileName: fileName ?? undefined, mimeType: mimeType ?? undefined };
        checkIngestInput({ bytes, ...named, metadata: fields }, uploadLimits);
      }
      const { job, documents: enqueued } = await metadata.enqueue({ collectionId: collection.id, documents });
      worker?.wake();
      let current = job;
      if (options.wait) {
        for await (const update of watch(job.id, { abortSignal: options.abortSignal })) {
          current = update;
          options.onProgress?.(update);
        }
        if (options.abortSignal?.aborted)
          throw new LoreError('ABORTED', 'Stopped waiting for the ingestion job.');
      }
      const latest = new Map(
        (await metadata.getDocuments({ ids: enqueued.map(({ document }) => document.id) })).map(
          (document) => [document.id, document],
        ),
      );
      // A document deleted meanwhile is reported as it was enqueued.
      return { job: current, documents: enqueued.map(({ document }) => latest.get(document.id) ?? document) };
    },
    keys: createApiKeys(metadata),
    search,
    onIngestionEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async doctor(options) {
      const report = await runDoctor({ metadata, vectors, embedder }, options);
      if (options?.repair) {
        for (const collection of await metadata.listCollections()) fusion.changed(collection.id);
      }
      worker?.wake();
      return report;
    },
    async close() {
      await worker?.stop();
      await embedder.close();
      await services.languageModel?.close();
      await vectors.close();
      await metadata.close();
    },
  };
  return lore;
}

function toNewDocument(input: Exclude<IngestInput, FilePathInput>): NewDocument {
  const metadata = input.metadata ?? {};
  if ('text' in input) {
    if (input.text.trim().length === 0) throw new LoreError('BAD_REQUEST', 'The document text is empty.');
    const bytes = new TextEncoder().encode(input.text);
    const hash = contentHash(bytes);
    const title = input.title?.trim() || firstLine(input.text);
    return {
      title,
      sourceKey: input.key
        ? `key:${input.key}`
        : input.title?.trim()
          ? `title:${input.title.trim()}`
          : `text:${hash}`,
      mimeType: 'text/plain',
      fileName: null,
      contentHash: hash,
      bytes,
      metadata,
    };
  }
  const fileName = input.fileName ? baseName(input.fileName) : null;
  const hash = contentHash(input.bytes);
  return {
    title: input.title?.trim() || fileName || `Untitled ${hash.slice(0, 8)}`,
    sourceKey: input.key ? `key:${input.key}` : fileName ? `file:${fileName}` : `bytes:${hash}`,
    mimeType: input.mimeType ?? null,
    fileName,
    contentHash: hash,
    bytes: input.bytes,
    metadata,
  };
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** File names are labels, never paths: keep only the last segment. */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop()?.trim() || name;
}
