import { eq, sql } from 'drizzle-orm';
import type { JobError, JobRecord } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { jobs } from '../schema.js';
import { isUuid, toJob } from './records.js';

/** Finds a job by id. */
export async function getJob(db: LoreDatabase, id: string): Promise<JobRecord | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ? toJob(row) : null;
}

/** Marks the jobs of freshly claimed documents as running. */
export async function markJobsRunning(db: LoreDatabase, jobIds: string[]): Promise<void> {
  for (const id of new Set(jobIds)) {
    await db
      .update(jobs)
      .set({ status: 'running', updatedAt: sql`now()` })
      .where(sql`${jobs.id} = ${id} and ${jobs.status} = 'queued'`);
  }
}

/**
 * Counts `count` documents of a job as finished (indexed, failed, or superseded by a newer upload). When
 * the last one finishes the job is `completed`, or `failed` if every document failed.
 */
export async function advanceJob(
  db: LoreDatabase,
  jobId: string,
  failure?: JobError,
  count = 1,
): Promise<void> {
  const failed = failure ? 1 : 0;
  const errors = failure ? sql`${jobs.errors} || ${JSON.stringify([failure])}::jsonb` : sql`${jobs.errors}`;
  await db
    .update(jobs)
    .set({
      done: sql`least(${jobs.done} + ${count}::int, ${jobs.total})`,
      failed: sql`${jobs.failed} + ${failed}::int`,
      errors,
      status: sql`case
        when ${jobs.done} + ${count}::int < ${jobs.total} then 'running'
        when ${jobs.failed} + ${failed}::int >= ${jobs.total} then 'failed'
        else 'completed' end`,
      updatedAt: sql`now()`,
    })
    .where(sql`${jobs.id} = ${jobId} and ${jobs.done} < ${jobs.total}`);
}
