import type { DocumentStatus, JobRecord, NewDocument } from './metadata-store.js';

/** What a source reads: a folder on the server's disk, or web pages (a sitemap, or a start page and its same-site links). */
export type SourceKind = 'folder' | 'url';

/** A URL source's limits: pages fetched per sync, and link depth from the start page (a sitemap's pages are depth 0). */
export interface SourceSettings {
  maxPages?: number;
  maxDepth?: number;
}

/** A source registered with a collection; syncing it keeps the collection's documents in step with it. */
export interface SourceRecord {
  id: string;
  collectionId: string;
  kind: SourceKind;
  /** A folder's absolute path, or a URL source's sitemap or start page URL. */
  location: string;
  /** A URL source's limits; empty for a folder. */
  settings: SourceSettings;
  /** Synced every this many seconds by the worker process; null: only when asked. */
  intervalSeconds: number | null;
  /** When the last sync began. */
  syncStartedAt: Date | null;
  /** When the last sync had queued its work. */
  syncedAt: Date | null;
  /** The job of the last sync. */
  lastJobId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A document a source brought in, as a sync compares it with the file at `path`. */
export interface SourceDocument {
  id: string;
  /** The file's path inside the source, `/`-separated; a URL source's page URL. */
  path: string;
  contentHash: string;
  status: DocumentStatus;
}

/** A file to ingest for a source; the store derives its document's identity from the source and `path`. */
export type SourceFile = Omit<NewDocument, 'sourceKey'> & { path: string };

/** One transaction's worth of a sync's changes. */
export interface SourceChanges {
  /**
   * Documents whose file moved: same content, new path; nothing is re-embedded. `metadata` is merged into
   * the document's (default `{ path }`).
   */
  renames: {
    documentId: string;
    contentHash: string;
    path: string;
    title: string;
    metadata?: Record<string, unknown>;
  }[];
  /** Documents whose file is gone. */
  deletions: string[];
  /** New and changed files, queued for ingestion under the sync's job. */
  documents: SourceFile[];
}

/** Sources and the bookkeeping of their syncs, in the metadata database. */
export interface SourceStore {
  readonly provider: string;
  /** Registers a source; CONFLICT when the collection has one at the same location. */
  createSource(options: {
    collectionId: string;
    kind: SourceKind;
    location: string;
    settings?: SourceSettings;
    intervalSeconds: number | null;
  }): Promise<SourceRecord>;
  getSource(options: { id: string }): Promise<SourceRecord | null>;
  /** Sources of one collection, or of all, oldest first. */
  listSources(options: { collectionId?: string }): Promise<SourceRecord[]>;
  /** Deletes the source and, unless `keepDocuments`, its documents; returns the ids of the documents deleted. */
  deleteSource(options: { id: string; keepDocuments: boolean }): Promise<string[]>;
  /** The documents this source brought in, whatever their status. */
  listSourceDocuments(options: { sourceId: string }): Promise<SourceDocument[]>;
  /**
   * Begins a sync: finishes the job of an earlier sync that stopped before its end (a crash) so it
   * counts only the documents it still holds, and creates this sync's job expecting `total` documents.
   */
  startSync(options: { sourceId: string; total: number }): Promise<JobRecord>;
  /** Applies renames, deletions and queued documents in one transaction; returns how many were queued. */
  applySyncChanges(options: { sourceId: string; jobId: string; changes: SourceChanges }): Promise<number>;
  /** Ends a sync: its job expects the `queued` documents actually queued, and the source is marked synced. */
  finishSync(options: { sourceId: string; jobId: string; queued: number }): Promise<JobRecord>;
  /**
   * Claims the sources whose interval has passed since their last sync began (marking them begun now), so
   * that of several processes only one syncs each.
   */
  claimDueSources(): Promise<SourceRecord[]>;
}
