import type { ApiKeys } from '../access/api-keys.js';
import type { Agents } from '../agents/agent-api.js';
import type { ErrorText } from '../errors.js';
import type { Answering } from '../generation/answering.js';
import type { ObjectGeneration } from '../generation/generate-object.js';
import type { OcrOptions } from '../ingestion/loaders/ocr.js';
import type { UploadLimits } from '../ingestion/loaders/upload-check.js';
import type { IngestInput } from '../ingestion/new-document.js';
import type { IngestionEvent } from '../ingestion/worker.js';
import type { DoctorOptions, DoctorReport } from '../maintenance/doctor.js';
import type { SearchOptions, SearchResult } from '../retrieval/search.js';
import type { Sources } from '../sources/sources.js';
import type { FetchPolicy } from '../sources/web/safe-fetch.js';
import type { ChatStore } from '../spec/chat-store.js';
import type { Embedder, Reranker } from '../spec/embedding.js';
import type { LanguageModel } from '../spec/language-model.js';
import type { Collection, DocumentRecord, JobRecord, MetadataStore } from '../spec/metadata-store.js';
import type { SourceStore } from '../spec/source-store.js';
import type { VectorStore } from '../spec/vector-store.js';

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
  /** OCR of scanned PDF pages and images (default: on, eng+chi_sim, 60 s a page). */
  ocr?: OcrOptions;
  onWorkerError?: (error: unknown) => void;
  /** Size, archive and nesting limits every ingested document must meet (default `defaultUploadLimits`). */
  uploadLimits?: Partial<UploadLimits>;
  /** Folder sources and their syncs; without it `lore.sources` answers that there is none. */
  sources?: SourceStore;
  /**
   * `allowedRoots`: folders sources may lie in (any readable folder when unset); `pollMs`: how often the
   * worker process looks for sources due for a scheduled sync (default 5 s); `fetch`: how URL sources
   * fetch pages (private, loopback and link-local addresses refused unless allowed).
   */
  sourceOptions?: { allowedRoots?: readonly string[]; pollMs?: number; fetch?: FetchPolicy };
  /** How failures kept in jobs and sync results are worded (default: the message); see `ErrorText`. */
  errorText?: ErrorText;
  /** Runs last in `close()`, after the stores are closed (e.g. releasing the data folder's lock). */
  onClose?: () => Promise<void>;
}

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
  /** Folders kept in step with a collection: register, list, sync, delete. */
  sources: Sources;
  /** API keys, kept in the metadata store. */
  keys: ApiKeys;
  search(options: SearchOptions & { collection: string }): Promise<SearchResult[]>;
  /** Subscribes to document status changes of this process's worker; returns an unsubscribe function. */
  onIngestionEvent(listener: (event: IngestionEvent) => void): () => void;
  /** Checks that Postgres and LanceDB agree and no crash left work stuck; `repair` fixes what it finds. */
  doctor(options?: DoctorOptions): Promise<DoctorReport>;
  close(): Promise<void>;
}
