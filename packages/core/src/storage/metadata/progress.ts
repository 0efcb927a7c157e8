import { eq, inArray, sql } from 'drizzle-orm';
import type { ChunkRecord } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { chunks, documentSources, documents } from '../schema.js';
import { explainUnclaimed } from './claims.js';
import { advanceJob } from './jobs.js';
import { isUuid } from './records.js';

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
  ocr?: { confidence: number; pages: { page: number; confidence: number; words: number }[] };
}

/**
 * Stores the extracted text and chunk metadata of several documents, marks them indexed and advances
 * their jobs, in one transaction (a batch costs one commit, not one per document).
 */
export async function completeDocuments(db: LoreDatabase, completed: CompletedDocument[]): Promise<void> {
  if (completed.length === 0) return;
  await db.transaction(async (tx) => {
    const ids = completed.map((options) => options.id);
    const locked = ids.every(isUuid)
      ? await tx
          .select({ id: documents.id, leaseOwner: documents.leaseOwner, jobId: documents.jobId })
          .from(documents)
          .where(inArray(documents.id, ids))
          .for('update')
      : [];
    const claimed = new Map(locked.filter((row) => row.leaseOwner !== null).map((row) => [row.id, row]));
    const unclaimed = ids.find((id) => !claimed.has(id));
    if (unclaimed !== undefined) await explainUnclaimed(tx, unclaimed);

    await tx.delete(chunks).where(inArray(chunks.documentId, ids));
    // One statement for the whole batch: each document gets its own text, chunk count and title.
    const values = sql.join(
      completed.map(
        (options) =>
          sql`(${options.id}::uuid, ${options.content}::text, ${options.chunks.length}::int, ${options.title ?? null}::text, ${options.ocr ? JSON.stringify({ ocr: options.ocr }) : '{}'}::jsonb)`,
      ),
      sql`, `,
    );
    await tx.execute(sql`
      update ${documents} as d set
        status = 'indexed', error = null, content = v.content, chunk_count = v.chunk_count,
        title = coalesce(v.title, d.title), metadata = (d.metadata - 'ocr') || v.metadata,
        lease_owner = null, lease_until = null, updated_at = now()
      from (values ${values}) as v(id, content, chunk_count, title, metadata)
      where d.id = v.id`);

    const chunkRows = completed.flatMap((options) =>
      options.chunks.map((chunk) => ({
        id: chunk.id,
        document_id: options.id,
        chunk_index: chunk.index,
        char_start: chunk.start,
        char_end: chunk.end,
        page: chunk.page ?? null,
        tokens: chunk.tokens,
        heading: chunk.heading ?? null,
      })),
    );
    // As one JSON parameter: thousands of bound values cost more to build and send than the rows themselves.
    if (chunkRows.length > 0) {
      await tx.execute(sql`
        insert into ${chunks} (id, document_id, chunk_index, char_start, char_end, page, tokens, heading)
        select id, document_id, chunk_index, char_start, char_end, page, tokens, heading
        from json_to_recordset(${JSON.stringify(chunkRows)}::json) as r(
          id text, document_id uuid, chunk_index int, char_start int, char_end int, page int, tokens int, heading text)`);
    }
    // The upload is only kept until the document is indexed.
    await tx.delete(documentSources).where(inArray(documentSources.documentId, ids));
    const perJob = new Map<string, number>();
    for (const row of claimed.values())
      if (row.jobId) perJob.set(row.jobId, (perJob.get(row.jobId) ?? 0) + 1);
    for (const [jobId, count] of perJob) await advanceJob(tx, jobId, undefined, count);
  });
}

/** Stores the extracted text and chunk metadata, marks the document indexed and advances its job. */
export function completeDocument(db: LoreDatabase, options: CompletedDocument): Promise<void> {
  return completeDocuments(db, [options]);
}

/**
 * Marks a claimed document failed with its reason, without chunks or text (a failed document is never
 * served), and advances its job, listing the error there.
 */
export async function failDocument(
  db: LoreDatabase,
  options: { id: string; message: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const document = await lockClaimed(tx, options.id);
    await tx.delete(chunks).where(eq(chunks.documentId, document.id));
    await tx
      .update(documents)
      .set({
        status: 'failed',
        error: options.message,
        chunkCount: 0,
        content: null,
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
