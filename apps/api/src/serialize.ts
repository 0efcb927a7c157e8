import type { Collection, DocumentRecord, JobRecord } from '@lore/core';

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
