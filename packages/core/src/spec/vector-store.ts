/** Names one index: a collection embedded with one model, so dimensions can never mix. */
export interface IndexRef {
  collectionId: string;
  /** Embedder identity, e.g. `transformers:use-lite-en`; together with `dimensions` it picks the table. */
  embedderId: string;
  dimensions: number;
}

/** A chunk as stored for retrieval. */
export interface IndexedChunk {
  id: string;
  documentId: string;
  index: number;
  text: string;
  vector: number[];
  start: number;
  end: number;
  page: number | null;
  /** What the keyword index matches (e.g. title + neighbours, see `keywordText`); `text` when absent. */
  searchText?: string;
}

export type SearchMode = 'vector' | 'keyword';

export interface VectorSearchOptions {
  index: IndexRef;
  mode: SearchMode;
  /** Needed for `vector` mode. */
  vector?: number[];
  /** Needed for `keyword` mode. */
  query?: string;
  limit: number;
  /** Restrict to these documents (already resolved from metadata filters). */
  documentIds?: string[];
  abortSignal?: AbortSignal;
}

export interface VectorSearchHit {
  chunkId: string;
  documentId: string;
  index: number;
  text: string;
  start: number;
  end: number;
  page: number | null;
  /** Similarity, higher is better, whatever the store's distance metric. */
  score: number;
}

/** Vectors and full-text index (LanceDB). One writer per table. */
export interface VectorStore {
  readonly provider: string;
  /**
   * Replaces all chunks of the given documents with `chunks` in ONE atomic commit (a batch of documents
   * per commit keeps bulk ingestion fast: LanceDB makes a version per commit). Idempotent: replaying
   * the same call leaves the same rows, never duplicates (chunk ids are deterministic).
   */
  replaceDocumentChunks(options: {
    index: IndexRef;
    documentIds: string[];
    chunks: IndexedChunk[];
  }): Promise<void>;
  deleteDocuments(options: { collectionId: string; documentIds: string[] }): Promise<void>;
  dropCollection(options: { collectionId: string }): Promise<void>;
  /** Ids of the collections that have at least one table (for consistency checks). */
  collectionIds(): Promise<string[]>;
  search(options: VectorSearchOptions): Promise<VectorSearchHit[]>;
  /** Chunk count per document id in an index (for consistency checks). */
  countChunks(options: { index: IndexRef }): Promise<Map<string, number>>;
  close(): Promise<void>;
}
