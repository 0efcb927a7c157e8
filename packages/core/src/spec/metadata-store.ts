import type { Chunk } from './document.js';

export type DocumentStatus = 'queued' | 'parsing' | 'embedding' | 'indexed' | 'failed';
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface Collection {
  id: string;
  name: string;
  createdAt: Date;
}

export interface DocumentRecord {
  id: string;
  collectionId: string;
  title: string;
  /** Identity of the source inside its collection (file name or caller's key); re-ingest replaces by it. */
  sourceKey: string;
  mimeType: string | null;
  /** sha256 of the raw bytes; identical content is a no-op. */
  contentHash: string;
  status: DocumentStatus;
  error: string | null;
  metadata: Record<string, unknown>;
  chunkCount: number;
  jobId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface JobError {
  documentId: string;
  title: string;
  message: string;
}

export interface JobRecord {
  id: string;
  collectionId: string;
  status: JobStatus;
  progress: { done: number; total: number };
  errors: JobError[];
  createdAt: Date;
  updatedAt: Date;
}

/** One document to ingest, persisted (with its raw bytes) before the caller gets an answer. */
export interface NewDocument {
  title: string;
  sourceKey: string;
  /** Declared by the caller (multipart type or file name); loaders check the content too. */
  mimeType: string | null;
  fileName: string | null;
  contentHash: string;
  bytes: Uint8Array;
  metadata: Record<string, unknown>;
}

/** Result of enqueueing one document. `unchanged`: same source and hash already indexed, nothing to do. */
export interface EnqueuedDocument {
  document: DocumentRecord;
  unchanged: boolean;
}

/** A claimed unit of work: the worker holds a lease on the document until `leaseUntil`. */
export interface DocumentWork {
  document: DocumentRecord;
  fileName: string | null;
  bytes: Uint8Array;
}

/** A chunk's metadata as kept in Postgres (the text and vector live in the vector store). */
export interface ChunkRecord extends Omit<Chunk, 'text'> {
  id: string;
}

/** What a crash can leave behind in the metadata; `lore doctor` reports and repairs it. */
export interface MetadataLeftovers {
  /** Documents claimed by a worker whose lease ran out (the worker died or hangs). */
  staleLeases: { documentId: string; collectionId: string; status: DocumentStatus; leaseOwner: string }[];
  /** Documents waiting for a worker whose stored upload is gone: no worker can ever process them. */
  missingUploads: { documentId: string; collectionId: string; status: DocumentStatus }[];
  /** Jobs still queued or running with no document left in progress. */
  stuckJobs: { jobId: string; collectionId: string; status: JobStatus; done: number; total: number }[];
}

/** What an API key may do: `read` (search, ask, chat), `ingest` (documents, jobs), `admin` (collections, keys). */
export type ApiKeyScope = 'read' | 'ingest' | 'admin';

/** A stored API key; the secret itself is never stored, only its SHA-256 `hash`. */
export interface ApiKeyRecord {
  id: string;
  /** Public part of the key, shown in lists and used to look the key up. */
  prefix: string;
  hash: string;
  name: string;
  scopes: ApiKeyScope[];
  /** Collection names the key is limited to; null: all collections. */
  collections: string[] | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Collections, documents, chunks and jobs in Postgres (PGlite or a server), via drizzle. */
export interface MetadataStore {
  readonly provider: string;

  createCollection(options: { name: string }): Promise<Collection>;
  getCollection(options: { name: string }): Promise<Collection | null>;
  listCollections(): Promise<Collection[]>;
  /** Deletes the collection with its documents, chunks and jobs. */
  deleteCollection(options: { id: string }): Promise<void>;

  /**
   * Records documents and one job for them in one transaction. A document whose `sourceKey` exists
   * in the collection with the same hash and status `indexed` is `unchanged`; with another hash the
   * existing record is reused (same id) and re-queued, so its chunks are replaced when it is indexed.
   */
  enqueue(options: { collectionId: string; documents: NewDocument[] }): Promise<{
    job: JobRecord;
    documents: EnqueuedDocument[];
  }>;

  /**
   * Claims up to `limit` of the oldest documents that are queued, or in progress with an expired lease
   * (a crashed worker). Safe with several worker processes: no document is handed to two claimers.
   */
  claimDocuments(options: { workerId: string; leaseMs: number; limit: number }): Promise<DocumentWork[]>;
  /**
   * Makes every claimed document claimable again at once. Only for a database no other process uses
   * (embedded PGlite), at start-up: the claims can only be left over from a process that died.
   */
  releaseLeases(): Promise<number>;
  /** Moves a claimed document to `parsing` or `embedding` and extends its lease. */
  /** `updateDocumentStatus` for a batch, in one statement. */
  updateDocumentsStatus(options: {
    ids: string[];
    status: 'parsing' | 'embedding';
    leaseMs: number;
  }): Promise<void>;
  updateDocumentStatus(options: {
    id: string;
    status: 'parsing' | 'embedding';
    leaseMs: number;
  }): Promise<void>;
  /** Stores the extracted text, chunk metadata and `indexed` status, and advances the job, in one transaction. */
  completeDocument(options: {
    id: string;
    title?: string;
    content: string;
    chunks: ChunkRecord[];
  }): Promise<void>;
  /** `completeDocument` for a batch, in one transaction. */
  completeDocuments(options: {
    documents: {
      id: string;
      title?: string;
      content: string;
      chunks: ChunkRecord[];
      /** OCR confidence, stored as the document's `metadata.ocr` (removed when absent). */
      ocr?: { confidence: number; pages: { page: number; confidence: number; words: number }[] };
    }[];
  }): Promise<void>;
  /** Marks the document failed with its reason and advances the job. */
  failDocument(options: { id: string; message: string }): Promise<void>;

  getDocument(options: { id: string }): Promise<DocumentRecord | null>;
  /** Several documents in one query; unknown ids are left out. */
  getDocuments(options: { ids: string[] }): Promise<DocumentRecord[]>;
  /** The extracted text of an indexed document. */
  getDocumentContent(options: { id: string }): Promise<string | null>;
  listDocuments(options: { collectionId: string }): Promise<DocumentRecord[]>;
  deleteDocument(options: { id: string }): Promise<void>;
  /** Ids of indexed documents in a collection whose metadata contains every given key/value. */
  findDocumentIds(options: { collectionId: string; metadata: Record<string, unknown> }): Promise<string[]>;
  getChunks(options: { documentId: string }): Promise<ChunkRecord[]>;

  getJob(options: { id: string }): Promise<JobRecord | null>;

  createApiKey(options: Omit<ApiKeyRecord, 'id' | 'createdAt' | 'revokedAt'>): Promise<ApiKeyRecord>;
  /** The key with this prefix, revoked or not, or null. */
  getApiKey(options: { prefix: string }): Promise<ApiKeyRecord | null>;
  /** Every key, oldest first, revoked ones included. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; false when no key has this id or prefix. */
  revokeApiKey(options: { idOrPrefix: string }): Promise<boolean>;

  /** Finds stale leases, documents whose upload is gone and stuck jobs. */
  findLeftovers(): Promise<MetadataLeftovers>;
  /**
   * Repairs what `findLeftovers` found: releases stale leases (the documents are queued again), fails
   * documents whose upload is gone with that reason, and finishes stuck jobs.
   */
  repairLeftovers(leftovers: MetadataLeftovers): Promise<void>;

  close(): Promise<void>;
}
