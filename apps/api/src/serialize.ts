import type { Collection, DocumentRecord, JobRecord, SourceRecord, SyncResult } from '@lore/core';

/** JSON shapes of core records, as the API returns them. */
export function collectionJson(collection: Collection) {
  return { id: collection.id, name: collection.name, createdAt: collection.createdAt.toISOString() };
}

export function documentJson(document: DocumentRecord) {
  return {
    id: document.id,
    title: document.title,
    status: document.status,
    chunks: document.chunkCount,
    mimeType: document.mimeType,
    contentHash: document.contentHash,
    error: document.error,
    metadata: document.metadata,
    jobId: document.jobId,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

export function jobJson(job: JobRecord) {
  return { id: job.id, status: job.status, progress: job.progress, errors: job.errors };
}

export function sourceJson(source: SourceRecord) {
  return {
    id: source.id,
    collectionId: source.collectionId,
    kind: source.kind,
    path: source.location,
    maxPages: source.kind === 'url' ? (source.settings.maxPages ?? null) : null,
    maxDepth: source.kind === 'url' ? (source.settings.maxDepth ?? null) : null,
    intervalSeconds: source.intervalSeconds,
    syncStartedAt: source.syncStartedAt?.toISOString() ?? null,
    syncedAt: source.syncedAt?.toISOString() ?? null,
    lastJobId: source.lastJobId,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}

export function syncJson(result: SyncResult) {
  const { source, job, ...counts } = result;
  return { source: sourceJson(source), job: jobJson(job), ...counts };
}
