import { eq, inArray, sql } from 'drizzle-orm';
import type { ChunkRecord } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { chunks, documentSources, documents } from '../schema.js';
import { explainUnclaimed } from './claims.js';
import { advanceJob } from './jobs.js';
import { isUuid } from './records.js';

/** Rows per insert, well below PostgreSQL's 65,535 bind parameters. */
const insertBatch = 1000;

/** Locks a claimed document; a document that was re-queued or finished meanwhile is a CONFLICT. */
async function lockClaimed(tx: LoreDatabase, id: string) {
  const [row] = isUuid(id) ? await tx.select().from(documents).where(eq(documents.id, id)).for('update') : [];
  if (!row || row.leaseOwner === null) return explainUnclaimed(tx, id);
  return row;
}

/** What `completeDocuments` stores for one document. */
export interface CompletedDocument {
  id: string;
  title?: string;
  content: string;
  chunks: ChunkRecord[];
}

/**
 * Stores the extracted text and chunk metadata of several documents, marks them indexed and advances
 * their jobs, in one transaction (a batch costs one commit, not one per document).
 */
export async function completeDocuments(db: LoreDatabase, completed: CompletedDocument[]): Promise<void> {
  if (completed.length === 0) return;
  await db.transaction(async (tx) => {
    const rows = [];
    for (const options of completed) {
      const document = await lockClaimed(tx, options.id);
      rows.push(document);
      await tx.delete(chunks).where(eq(chunks.documentId, document.id));
      await tx
        .update(documents)
        .set({
          status: 'indexed',
          error: null,
          content: options.content,
          chunkCount: options.chunks.length,
          ...(options.title === undefined ? {} : { title: options.title }),
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: sql`now()`,
        })
        .where(eq(documents.id, document.id));
      if (document.jobId) await advanceJob(tx, document.jobId);
    }
    const chunkRows = completed.flatMap((options) =>
      options.chunks.map((chunk) => ({
        id: chunk.id,
        documentId: options.id,
        index: chunk.index,
        start: chunk.start,
        end: chunk.end,
        page: chunk.page ?? null,
        tokens: chunk.tokens,
        heading: chunk.heading ?? null,
      })),
    );
    for (let from = 0; from < chunkRows.length; from += insertBatch) {
      await tx.insert(chunks).values(chunkRows.slice(from, from + insertBatch));
    }
    // The upload is only kept until the document is indexed.
    await tx.delete(documentSources).where(
      inArray(
        documentSources.documentId,
        rows.map((row) => row.id),
      ),
    );
  });
}

/** Stores the extracted text and chunk metadata, marks the document indexed and advances its job. */
export function completeDocument(db: LoreDatabase, options: CompletedDocument): Promise<void> {
  return completeDocuments(db, [options]);
}

/** Marks a claimed document failed with its reason and advances its job, listing the error there. */
export async function failDocument(
  db: LoreDatabase,
  options: { id: string; message: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const document = await lockClaimed(tx, options.id);
    await tx
      .update(documents)
      .set({
        status: 'failed',
        error: options.message,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: sql`now()`,
      })
      .where(eq(documents.id, document.id));
    if (document.jobId) {
      await advanceJob(tx, document.jobId, {
        documentId: document.id,
        title: document.title,
        message: options.message,
      });
    }
  });
}
