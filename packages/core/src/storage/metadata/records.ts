import type { ChunkRecord, Collection, DocumentRecord, JobRecord } from '../../spec/metadata-store.js';
import type { chunks, collections, documents, jobs } from '../schema.js';

/** Maps a `collections` row to the public record. */
export function toCollection(row: typeof collections.$inferSelect): Collection {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}

/** Maps a `documents` row to the public record (lease and content stay internal). */
export function toDocument(row: Omit<typeof documents.$inferSelect, 'content'>): DocumentRecord {
  return {
    id: row.id,
    collectionId: row.collectionId,
    title: row.title,
    sourceKey: row.sourceKey,
    mimeType: row.mimeType,
    contentHash: row.contentHash,
    status: row.status,
    error: row.error,
    metadata: row.metadata,
    chunkCount: row.chunkCount,
    jobId: row.jobId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Maps a `jobs` row to the public record. */
export function toJob(row: typeof jobs.$inferSelect): JobRecord {
  return {
    id: row.id,
    collectionId: row.collectionId,
    status: row.status,
    progress: { done: row.done, total: row.total },
    errors: row.errors,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Maps a `chunks` row to the public record, leaving optional fields out when null. */
export function toChunk(row: typeof chunks.$inferSelect): ChunkRecord {
  return {
    id: row.id,
    index: row.index,
    start: row.start,
    end: row.end,
    tokens: row.tokens,
    ...(row.page === null ? {} : { page: row.page }),
    ...(row.heading === null ? {} : { heading: row.heading }),
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids in Postgres; anything else cannot exist (and would be a cast error). */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
