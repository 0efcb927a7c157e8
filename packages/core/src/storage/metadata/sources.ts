import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { LoreError } from '../../errors.js';
import type { JobRecord } from '../../spec/metadata-store.js';
import type { SourceChanges, SourceDocument, SourceRecord, SourceStore } from '../../spec/source-store.js';
import type { LoreDatabase } from '../database.js';
import { documents, jobs, sources } from '../schema.js';
import { enqueueAll } from './enqueue.js';
import { advanceJob } from './jobs.js';
import { isUuid, toJob } from './records.js';

/** A source's documents have source keys `source:<source id>:<path>`, apart from every other kind of key. */
const keyPrefix = (sourceId: string) => `source:${sourceId}:`;
const ofSource = (sourceId: string) => sql`starts_with(${documents.sourceKey}, ${keyPrefix(sourceId)}::text)`;

const notFound = (id: string) => new LoreError('NOT_FOUND', `No source with id ${id}: list the sources.`);

function toSource(row: typeof sources.$inferSelect): SourceRecord {
  return {
    id: row.id,
    collectionId: row.collectionId,
    kind: row.kind,
    location: row.location,
    settings: row.settings,
    intervalSeconds: row.intervalSeconds,
    syncStartedAt: row.syncStartedAt,
    syncedAt: row.syncedAt,
    lastJobId: row.lastJobId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A job's status once `total` is final: completed, or failed when every document failed. */
const settledStatus = (total: unknown) => sql`case
  when ${jobs.done} < ${total} then ${jobs.status}
  when ${total} > 0 and ${jobs.failed} >= ${total} then 'failed'
  else 'completed' end`;

async function lockSource(tx: LoreDatabase, id: string) {
  const [row] = isUuid(id) ? await tx.select().from(sources).where(eq(sources.id, id)).for('update') : [];
  if (!row) throw notFound(id);
  return row;
}

/** Deletes documents of a collection, counting those still in progress as finished for their jobs. */
async function deleteDocuments(tx: LoreDatabase, collectionId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const deleted = await tx
    .delete(documents)
    .where(and(eq(documents.collectionId, collectionId), inArray(documents.id, ids)))
    .returning({ id: documents.id, status: documents.status, jobId: documents.jobId });
  for (const row of deleted)
    if (row.jobId && row.status !== 'indexed' && row.status !== 'failed') await advanceJob(tx, row.jobId);
  return deleted.map((row) => row.id);
}

/** A `SourceStore` over the metadata database. */
export function createSourceStore(db: LoreDatabase, provider: string): SourceStore {
  return {
    provider,
    async createSource(options) {
      const [row] = await db
        .insert(sources)
        .values(options)
        .onConflictDoNothing({ target: [sources.collectionId, sources.kind, sources.location] })
        .returning();
      if (!row)
        throw new LoreError(
          'CONFLICT',
          `The collection already has a source for ${options.location}: sync that one, or delete it first.`,
        );
      return toSource(row);
    },
    async getSource({ id }) {
      const [row] = isUuid(id) ? await db.select().from(sources).where(eq(sources.id, id)) : [];
      return row ? toSource(row) : null;
    },
    async listSources({ collectionId }) {
      if (collectionId !== undefined && !isUuid(collectionId)) return [];
      const rows = await db
        .select()
        .from(sources)
        .where(collectionId === undefined ? undefined : eq(sources.collectionId, collectionId))
        .orderBy(asc(sources.createdAt), asc(sources.id));
      return rows.map(toSource);
    },
    async deleteSource({ id, keepDocuments }) {
      return db.transaction(async (tx) => {
        const source = await lockSource(tx, id);
        let deleted: string[] = [];
        if (!keepDocuments) {
          const rows = await tx
            .select({ id: documents.id })
            .from(documents)
            .where(and(eq(documents.collectionId, source.collectionId), ofSource(id)));
          deleted = await deleteDocuments(
            tx,
            source.collectionId,
            rows.map((row) => row.id),
          );
        }
        await tx.delete(sources).where(eq(sources.id, id));
        return deleted;
      });
    },
    async listSourceDocuments({ sourceId }) {
      const [source] = isUuid(sourceId)
        ? await db.select().from(sources).where(eq(sources.id, sourceId))
        : [];
      if (!source) throw notFound(sourceId);
      const rows = await db
        .select({
          id: documents.id,
          sourceKey: documents.sourceKey,
          contentHash: documents.contentHash,
          status: documents.status,
        })
        .from(documents)
        .where(and(eq(documents.collectionId, source.collectionId), ofSource(sourceId)));
      const prefix = keyPrefix(sourceId).length;
      return rows.map(
        (row): SourceDocument => ({
          id: row.id,
          path: row.sourceKey.slice(prefix),
          contentHash: row.contentHash,
          status: row.status,
        }),
      );
    },
    async startSync({ sourceId, total }) {
      return db.transaction(async (tx) => {
        const source = await lockSource(tx, sourceId);
        if (source.lastJobId) {
          // An earlier sync stopped before finishing: its job now counts only the documents it still holds.
          const [{ pending } = { pending: 0 }] = await tx
            .select({ pending: sql<number>`count(*)::int` })
            .from(documents)
            .where(
              and(
                eq(documents.jobId, source.lastJobId),
                inArray(documents.status, ['queued', 'parsing', 'embedding']),
              ),
            );
          const settled = sql`${jobs.done} + ${pending}::int`;
          await tx
            .update(jobs)
            .set({ total: settled, status: settledStatus(settled), updatedAt: sql`now()` })
            .where(
              and(
                eq(jobs.id, source.lastJobId),
                inArray(jobs.status, ['queued', 'running']),
                sql`${jobs.total} > ${settled}`,
              ),
            );
        }
        const [job] = await tx
          .insert(jobs)
          .values({ collectionId: source.collectionId, total, status: total === 0 ? 'completed' : 'queued' })
          .returning();
        if (!job) throw new LoreError('STORAGE', 'Inserting the sync job returned no row.');
        await tx
          .update(sources)
          .set({ lastJobId: job.id, syncStartedAt: sql`now()`, updatedAt: sql`now()` })
          .where(eq(sources.id, sourceId));
        return toJob(job);
      });
    },
    async applySyncChanges({ sourceId, jobId, changes }) {
      return db.transaction(async (tx) => {
        const source = await lockSource(tx, sourceId);
        await applyRenames(tx, source.collectionId, sourceId, changes.renames);
        await deleteDocuments(tx, source.collectionId, changes.deletions);
        const queued = await enqueueAll(
          tx,
          source.collectionId,
          jobId,
          changes.documents.map(({ path, ...file }) => ({ ...file, sourceKey: keyPrefix(sourceId) + path })),
        );
        return queued.filter((result) => !result.unchanged).length;
      });
    },
    async finishSync({ sourceId, jobId, queued }) {
      return db.transaction(async (tx) => {
        await lockSource(tx, sourceId);
        const total = sql`${queued}::int`;
        const [job] = await tx
          .update(jobs)
          .set({ total, status: settledStatus(total), updatedAt: sql`now()` })
          .where(eq(jobs.id, jobId))
          .returning();
        if (!job) throw new LoreError('NOT_FOUND', `Job ${jobId} of the sync is gone.`);
        await tx
          .update(sources)
          .set({ syncedAt: sql`now()`, updatedAt: sql`now()` })
          .where(eq(sources.id, sourceId));
        return toJob(job) satisfies JobRecord;
      });
    },
    async claimDueSources() {
      const rows = await db
        .update(sources)
        .set({ syncStartedAt: sql`now()` })
        .where(
          sql`${sources.intervalSeconds} is not null and (${sources.syncStartedAt} is null
            or ${sources.syncStartedAt} + ${sources.intervalSeconds} * interval '1 second' <= now())`,
        )
        .returning();
      return rows.map(toSource);
    },
  };
}

/** Moves documents to their new paths (key, title and `path` metadata); the content and chunks stay. */
async function applyRenames(
  tx: LoreDatabase,
  collectionId: string,
  sourceId: string,
  renames: SourceChanges['renames'],
): Promise<void> {
  for (const rename of renames) {
    await tx
      .update(documents)
      .set({
        sourceKey: keyPrefix(sourceId) + rename.path,
        title: rename.title,
        metadata: sql`${documents.metadata} || ${JSON.stringify(rename.metadata ?? { path: rename.path })}::jsonb`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(documents.id, rename.documentId),
          eq(documents.collectionId, collectionId),
          eq(documents.contentHash, rename.contentHash),
        ),
      );
  }
}
