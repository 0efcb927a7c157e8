import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { LoreError } from '../../errors.js';
import type { ChunkRecord, DocumentRecord } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { chunks, documents } from '../schema.js';
import { advanceJob } from './jobs.js';
import { isUuid, toChunk, toDocument } from './records.js';

/** Every column but the extracted text, which records never carry (it can be megabytes). */
const { content: _content, ...recordColumns } = getTableColumns(documents);

/** Finds a document by id. */
export async function getDocument(db: LoreDatabase, id: string): Promise<DocumentRecord | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select(recordColumns).from(documents).where(eq(documents.id, id));
  return row ? toDocument(row) : null;
}

/** Finds documents by id in one query; unknown ids are left out. */
export async function getDocuments(db: LoreDatabase, ids: string[]): Promise<DocumentRecord[]> {
  const valid = [...new Set(ids)].filter(isUuid);
  const records: DocumentRecord[] = [];
  // In slices, well below PostgreSQL's 65,535 bind parameters.
  for (let from = 0; from < valid.length; from += 10_000) {
    const slice = valid.slice(from, from + 10_000);
    const rows = await db.select(recordColumns).from(documents).where(inArray(documents.id, slice));
    records.push(...rows.map(toDocument));
  }
  return records;
}

/** The extracted text of an indexed document, or null when there is none yet. */
export async function getDocumentContent(db: LoreDatabase, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ content: documents.content })
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.status, 'indexed')));
  return row?.content ?? null;
}

/** A collection's documents, oldest first. */
export async function listDocuments(db: LoreDatabase, collectionId: string): Promise<DocumentRecord[]> {
  if (!isUuid(collectionId)) return [];
  const rows = await db
    .select(recordColumns)
    .from(documents)
    .where(eq(documents.collectionId, collectionId))
    .orderBy(asc(documents.createdAt), asc(documents.sourceKey));
  return rows.map(toDocument);
}

/**
 * Deletes a document with its upload and chunk metadata. One still in progress counts as finished for its
 * job, in the same transaction, so the job (and whoever waits on it) ends.
 */
export async function deleteDocument(db: LoreDatabase, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = isUuid(id)
      ? await tx
          .delete(documents)
          .where(eq(documents.id, id))
          .returning({ status: documents.status, jobId: documents.jobId })
      : [];
    const [document] = deleted;
    if (!document) throw new LoreError('NOT_FOUND', `No document with id ${id}: list documents.`);
    if (document.jobId && document.status !== 'indexed' && document.status !== 'failed')
      await advanceJob(tx, document.jobId);
  });
}

/** Ids of indexed documents whose metadata contains every given key/value (jsonb `@>`, GIN-indexed). */
export async function findDocumentIds(
  db: LoreDatabase,
  options: { collectionId: string; metadata: Record<string, unknown> },
): Promise<string[]> {
  if (!isUuid(options.collectionId)) return [];
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.collectionId, options.collectionId),
        eq(documents.status, 'indexed'),
        sql`${documents.metadata} @> ${JSON.stringify(options.metadata)}::jsonb`,
      ),
    )
    .orderBy(asc(documents.createdAt));
  return rows.map((row) => row.id);
}

/** A document's chunk metadata in order. */
export async function getChunks(db: LoreDatabase, documentId: string): Promise<ChunkRecord[]> {
  if (!isUuid(documentId)) return [];
  const rows = await db
    .select()
    .from(chunks)
    .where(eq(chunks.documentId, documentId))
    .orderBy(asc(chunks.index));
  return rows.map(toChunk);
}
