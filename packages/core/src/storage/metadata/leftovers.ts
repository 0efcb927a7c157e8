import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { MetadataLeftovers } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { documentSources, documents, jobs } from '../schema.js';
import { advanceJob } from './jobs.js';

const inProgress = sql`${documents.status} in ('queued', 'parsing', 'embedding')`;

/** The reason given to a document whose stored upload is gone. */
export const missingUploadMessage =
  'The stored upload of this document was lost before it was indexed: upload the document again.';

/** Finds stale leases, in-progress documents without their upload, and jobs with nothing left to do. */
export async function findLeftovers(db: LoreDatabase): Promise<MetadataLeftovers> {
  const stale = await db
    .select({
      documentId: documents.id,
      collectionId: documents.collectionId,
      status: documents.status,
      leaseOwner: documents.leaseOwner,
    })
    .from(documents)
    .where(and(isNotNull(documents.leaseOwner), sql`${documents.leaseUntil} < now()`));
  const missingUploads = await db
    .select({ documentId: documents.id, collectionId: documents.collectionId, status: documents.status })
    .from(documents)
    .where(
      and(
        inProgress,
        sql`not exists (select 1 from ${documentSources} where ${documentSources.documentId} = ${documents.id})`,
      ),
    );
  const stuckJobs = await db
    .select({
      jobId: jobs.id,
      collectionId: jobs.collectionId,
      status: jobs.status,
      done: jobs.done,
      total: jobs.total,
    })
    .from(jobs)
    .where(
      and(
        sql`${jobs.status} in ('queued', 'running')`,
        sql`not exists (select 1 from ${documents} where ${documents.jobId} = ${jobs.id} and ${inProgress})`,
      ),
    );
  return {
    staleLeases: stale.map((row) => ({ ...row, leaseOwner: row.leaseOwner ?? '' })),
    missingUploads,
    stuckJobs,
  };
}

/** Releases stale leases, fails documents whose upload is gone, and finishes stuck jobs. */
export async function repairLeftovers(db: LoreDatabase, leftovers: MetadataLeftovers): Promise<void> {
  const stale = leftovers.staleLeases.map((lease) => lease.documentId);
  if (stale.length > 0) {
    // Only leases that are still expired: a worker may have renewed one since they were found.
    await db
      .update(documents)
      .set({ status: 'queued', leaseOwner: null, leaseUntil: null, updatedAt: sql`now()` })
      .where(and(inArray(documents.id, stale), sql`${documents.leaseUntil} < now()`, inProgress));
  }
  for (const { documentId } of leftovers.missingUploads) {
    await db.transaction(async (tx) => {
      const [failed] = await tx
        .update(documents)
        .set({
          status: 'failed',
          error: missingUploadMessage,
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: sql`now()`,
        })
        .where(and(eq(documents.id, documentId), inProgress))
        .returning({ jobId: documents.jobId, title: documents.title });
      if (failed?.jobId) {
        await advanceJob(tx, failed.jobId, {
          documentId,
          title: failed.title,
          message: missingUploadMessage,
        });
      }
    });
  }
  for (const { jobId } of leftovers.stuckJobs) {
    await db
      .update(jobs)
      .set({
        done: sql`${jobs.total}`,
        status: sql`case when ${jobs.failed} >= ${jobs.total} and ${jobs.total} > 0 then 'failed' else 'completed' end`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(jobs.id, jobId),
          sql`${jobs.status} in ('queued', 'running')`,
          sql`not exists (select 1 from ${documents} where ${documents.jobId} = ${jobs.id} and ${inProgress})`,
        ),
      );
  }
}
