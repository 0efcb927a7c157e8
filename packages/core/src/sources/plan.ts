import type { SourceDocument } from '../spec/source-store.js';

/** A file on disk with its content hash. */
export interface HashedFile {
  path: string;
  contentHash: string;
}

/** What a sync has to do to bring a source's documents in step with its files. */
export interface SyncPlan {
  /** Paths with no document: ingest them. */
  added: string[];
  /** Paths whose content changed: ingest them again, replacing their document. */
  changed: string[];
  /** Documents whose content now sits at another path, and no longer at theirs: move them. */
  renamed: { documentId: string; contentHash: string; from: string; to: string }[];
  /** Documents whose file is gone. */
  deleted: SourceDocument[];
  /** Paths whose document has this content already (indexed, failed, or still in progress). */
  unchanged: string[];
}

/**
 * Compares files with documents by path and content hash. A path whose document has the same hash is
 * unchanged and another hash is changed; a new path whose hash is that of a document whose path is gone
 * is that document renamed (each such document is renamed at most once); other documents whose path is
 * gone are deleted, and other new paths added.
 */
export function planSync(files: HashedFile[], documents: SourceDocument[]): SyncPlan {
  const byPath = new Map(documents.map((document) => [document.path, document]));
  const onDisk = new Set(files.map((file) => file.path));
  const gone = new Map<string, SourceDocument[]>();
  for (const document of documents) {
    if (onDisk.has(document.path)) continue;
    const list = gone.get(document.contentHash) ?? [];
    list.push(document);
    gone.set(document.contentHash, list);
  }
  const plan: SyncPlan = { added: [], changed: [], renamed: [], deleted: [], unchanged: [] };
  for (const file of files) {
    const existing = byPath.get(file.path);
    if (existing) {
      (existing.contentHash === file.contentHash ? plan.unchanged : plan.changed).push(file.path);
      continue;
    }
    const moved = gone.get(file.contentHash)?.shift();
    if (moved)
      plan.renamed.push({
        documentId: moved.id,
        contentHash: moved.contentHash,
        from: moved.path,
        to: file.path,
      });
    else plan.added.push(file.path);
  }
  for (const list of gone.values()) plan.deleted.push(...list);
  return plan;
}
