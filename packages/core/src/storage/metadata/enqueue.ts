import { and, eq, sql } from 'drizzle-orm';
import { LoreError } from '../../errors.js';
import type { EnqueuedDocument, JobRecord, NewDocument } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { collections, documentSources, documents, jobs } from '../schema.js';
import { advanceJob } from './jobs.js';
import { isUuid, toDocument, toJob } from './records.js';

type DocumentRow = typeof documents.$inferSelect;

/** Records documents, their raw bytes and one job in one transaction (see `MetadataStore.enqueue`). */
export async function enqueue(
  db: LoreDatabase,
  collectionId: string,
  newDocuments: NewDocument[],
): Promise<{ job: JobRecord; documents: EnqueuedDocument[] }> {
  const keys = new Set<string>();
  for (const document of newDocuments) {
    if (keys.has(document.sourceKey)) {
      throw new LoreError(
        'BAD_REQUEST',
        `Source key "${document.sourceKey}" appears twice in one request: send each source once.`,
      );
    }
    keys.add(document.sourceKey);
  }
  const missing = () =>
    new LoreError('NOT_FOUND', `No collection with id ${collectionId}: create the collection first.`);
  if (!isUuid(collectionId)) throw missing();

  return db.transaction(async (tx) => {
    // Locks the collection row against a concurrent delete while documents are added to it.
    const [collection] = await tx
      .select({ id: collections.id })
      .from(collections)
      .where(eq(collections.id, collectionId))
      .for('share');
    if (!collection) throw missing();

    const [job] = await tx.insert(jobs).values({ collectionId }).returning();
    if (!job) throw new LoreError('STORAGE', 'Inserting the job returned no row.');

    const results = await enqueueAll(tx, collectionId, job.id, newDocuments);
    const total = results.filter((result) => !result.unchanged).length;
    const [updated] = await tx
      .update(jobs)
      .set({ total, status: total === 0 ? 'completed' : 'queued' })
      .where(eq(jobs.id, job.id))
      .returning();
    if (!updated) throw new LoreError('STORAGE', 'Updating the job returned no row.');
    return { job: toJob(updated), documents: results };
  });
}

/** Rows per multi-row insert, well below PostgreSQL's bind-parameter limit. */
const insertBatch = 500;

/**
 * New source keys go in with one multi-row insert per batch; keys that exist already (or that another
 * request inserted meanwhile) take the per-document path that decides between unchanged and re-queued.
 */
export async function enqueueAll(
  tx: LoreDatabase,
  collectionId: string,
  jobId: string,
  newDocuments: NewDocument[],
): Promise<EnqueuedDocument[]> {
  const byKey = new Map<string, EnqueuedDocument>();
  for (let from = 0; from < newDocuments.length; from += insertBatch) {
    const batch = newDocuments.slice(from, from + insertBatch);
    const inserted = await insertNew(tx, collectionId, jobId, batch);
    for (const row of inserted) byKey.set(row.sourceKey, { document: toDocument(row), unchanged: false });
  }
  const results: EnqueuedDocument[] = [];
  for (const document of newDocuments) {
    results.push(byKey.get(document.sourceKey) ?? (await enqueueOne(tx, collectionId, jobId, document)));
  }
  return results;
}

/** Inserts documents whose source keys are new, with their uploads; returns the rows inserted. */
async function insertNew(tx: LoreDatabase, collectionId: string, jobId: string, batch: NewDocument[]) {
  const inserted = await tx
    .insert(documents)
    .values(
      batch.map((document, index) => ({
        collectionId,
        jobId,
        // Rows of one statement may share a clock reading: the offset keeps the request's order for claims.
        queuedAt: sql`clock_timestamp() + ${index}::int * interval '1 microsecond'`,
        title: document.title,
        sourceKey: document.sourceKey,
        mimeType: document.mimeType,
        contentHash: document.contentHash,
        metadata: document.metadata,
      })),
    )
    .onConflictDoNothing()
    .returning();
  if (inserted.length > 0) {
    const sourceOf = new Map(batch.map((document) => [document.sourceKey, document]));
    await tx
      .insert(documentSources)
      .values(inserted.map((row) => sourceValues(row.id, sourceOf.get(row.sourceKey) as NewDocument)));
  }
  return inserted;
}

async function enqueueOne(
  tx: LoreDatabase,
  collectionId: string,
  jobId: string,
  document: NewDocument,
): Promise<EnqueuedDocument> {
  let existing = await findForUpdate(tx, collectionId, document.sourceKey);
  if (!existing) {
    const [inserted] = await insertNew(tx, collectionId, jobId, [document]);
    if (inserted) return { document: toDocument(inserted), unchanged: false };
    // Another request inserted the same source key meanwhile: wait for it and reuse its row.
    existing = await findForUpdate(tx, collectionId, document.sourceKey);
    if (!existing)
      throw new LoreError('STORAGE', `Document "${document.sourceKey}" vanished while enqueueing.`);
  }

  if (existing.contentHash === document.contentHash && existing.status === 'indexed') {
    return { document: toDocument(existing), unchanged: true };
  }
  // The previous job was still waiting for this document: the new upload supersedes it there.
  const pending = existing.status !== 'indexed' && existing.status !== 'failed';
  if (pending && existing.jobId && existing.jobId !== jobId) await advanceJob(tx, existing.jobId);

  const [requeued] = await tx
    .update(documents)
    .set({
      jobId,
      title: document.title,
      mimeType: document.mimeType,
      contentHash: document.contentHash,
      metadata: document.metadata,
      status: 'queued',
      error: null,
      leaseOwner: null,
      leaseUntil: null,
      queuedAt: sql`clock_timestamp()`,
      updatedAt: sql`now()`,
    })
    .where(eq(documents.id, existing.id))
    .returning();
  if (!requeued) throw new LoreError('STORAGE', `Re-queueing document ${existing.id} returned no row.`);
  const source = sourceValues(existing.id, document);
  await tx
    .insert(documentSources)
    .values(source)
    .onConflictDoUpdate({
      target: documentSources.documentId,
      set: { fileName: source.fileName, mimeType: source.mimeType, bytes: source.bytes },
    });
  return { document: toDocument(requeued), unchanged: false };
}

async function findForUpdate(
  tx: LoreDatabase,
  collectionId: string,
  sourceKey: string,
): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.collectionId, collectionId), eq(documents.sourceKey, sourceKey)))
    .for('update');
  return row;
}

function sourceValues(documentId: string, document: NewDocument): typeof documentSources.$inferInsert {
  return { documentId, fileName: document.fileName, mimeType: document.mimeType, bytes: document.bytes };
}
