import { eq, inArray, sql } from 'drizzle-orm';
import { LoreError } from '../../errors.js';
import type { DocumentWork } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { documentSources, documents } from '../schema.js';
import { markJobsRunning } from './jobs.js';
import { isUuid, toDocument } from './records.js';

/** `now() + leaseMs`, computed by the database so every process agrees on the clock. */
const leaseEnd = (leaseMs: number) => sql`now() + (${leaseMs}::double precision * interval '1 millisecond')`;

/**
 * Claims up to `limit` of the oldest claimable documents: queued or in progress, without a live lease. `FOR UPDATE SKIP LOCKED` keeps concurrent claimers from ever taking the same row.
 */
export async function claimDocuments(
  db: LoreDatabase,
  options: { workerId: string; leaseMs: number; limit: number },
): Promise<DocumentWork[]> {
  if (options.limit < 1) return [];
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(
        sql`${documents.status} in ('queued', 'parsing', 'embedding')
          and (${documents.leaseUntil} is null or ${documents.leaseUntil} < now())`,
      )
      .orderBy(documents.queuedAt, documents.id)
      .limit(options.limit)
      .for('update', { skipLocked: true });
    if (candidates.length === 0) return [];

    const ids = candidates.map((candidate) => candidate.id);
    const claimed = await tx
      .update(documents)
      .set({ leaseOwner: options.workerId, leaseUntil: leaseEnd(options.leaseMs), updatedAt: sql`now()` })
      .where(inArray(documents.id, ids))
      .returning();
    await markJobsRunning(
      tx,
      claimed.flatMap((row) => (row.jobId ? [row.jobId] : [])),
    );
    const sources = await tx.select().from(documentSources).where(inArray(documentSources.documentId, ids));
    const byId = new Map(sources.map((source) => [source.documentId, source]));

    const order = new Map(ids.map((id, position) => [id, position]));
    claimed.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return claimed.map((row) => {
      const source = byId.get(row.id);
      if (!source) {
        throw new LoreError('STORAGE', `Document ${row.id} has no stored upload: enqueue the source again.`);
      }
      return { document: toDocument(row), fileName: source.fileName, bytes: source.bytes };
    });
  });
}

/** Drops every lease so claimed documents can be claimed at once; only safe when no other process runs. */
export async function releaseLeases(db: LoreDatabase): Promise<number> {
  const released = await db
    .update(documents)
    .set({ leaseOwner: null, leaseUntil: null, updatedAt: sql`now()` })
    .where(sql`${documents.leaseOwner} is not null`)
    .returning({ id: documents.id });
  return released.length;
}

/** Moves claimed documents to `parsing` or `embedding` in one statement and extends their leases. */
export async function updateDocumentsStatus(
  db: LoreDatabase,
  options: { ids: string[]; status: 'parsing' | 'embedding'; leaseMs: number },
): Promise<void> {
  const ids = options.ids.filter(isUuid);
  const updated =
    ids.length > 0
      ? await db
          .update(documents)
          .set({ status: options.status, leaseUntil: leaseEnd(options.leaseMs), updatedAt: sql`now()` })
          .where(sql`${inArray(documents.id, ids)} and ${documents.leaseOwner} is not null`)
          .returning({ id: documents.id })
      : [];
  if (updated.length < options.ids.length) {
    const done = new Set(updated.map((row) => row.id));
    await explainUnclaimed(db, options.ids.find((id) => !done.has(id)) ?? '');
  }
}

/** Moves a claimed document to `parsing` or `embedding` and extends its lease. */
export function updateDocumentStatus(
  db: LoreDatabase,
  options: { id: string; status: 'parsing' | 'embedding'; leaseMs: number },
): Promise<void> {
  return updateDocumentsStatus(db, { ids: [options.id], status: options.status, leaseMs: options.leaseMs });
}

/** Throws NOT_FOUND for a missing document, CONFLICT for one that is no longer claimed. */
export async function explainUnclaimed(db: LoreDatabase, id: string): Promise<never> {
  const [row] = isUuid(id)
    ? await db.select({ id: documents.id }).from(documents).where(eq(documents.id, id))
    : [];
  if (!row) throw new LoreError('NOT_FOUND', `No document with id ${id}: it may have been deleted.`);
  throw new LoreError(
    'CONFLICT',
    `Document ${id} is not claimed: it was re-queued by a newer upload or already finished. Claim it again.`,
  );
}
