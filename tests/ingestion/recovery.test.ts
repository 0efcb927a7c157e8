import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDatabase, createLanceVectorStore, createLore, createPostgresMetadataStore } from '@lore/core';
import { afterEach, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../setup/postgres.js';
import { createTestEmbedder } from '../support/lore.js';
import { spawnChild } from '../support/spawn-child.js';

const documentCount = 24;
const child = resolve(import.meta.dirname, '../support/ingest-child.ts');

/** Starts the ingesting child and SIGKILLs it once `killAfter` documents are indexed. */
async function ingestAndKill(
  dataDir: string,
  databaseUrl: string,
  killAfter: number,
): Promise<{ jobId: string; indexed: number }> {
  let jobId = '';
  let indexed = 0;
  const proc = spawnChild<{ jobId?: string; documentId?: string; status?: string }>(
    child,
    [dataDir, databaseUrl, String(documentCount)],
    (event) => {
      if (event.jobId && !event.documentId) jobId = event.jobId;
      if (event.status === 'indexed') indexed++;
      if (indexed >= killAfter && jobId) proc.kill();
    },
  );
  const { code, signal, stderr } = await proc.exited;
  if (signal !== 'SIGKILL') throw new Error(`child exited (${code}) before it was killed:\n${stderr}`);
  return { jobId, indexed };
}

describe.each(['pglite', 'postgres'] as const)('kill -9 during ingestion, then restart (%s)', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  test('every document ends indexed exactly once; Postgres and LanceDB agree', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lore-recovery-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const server = kind === 'postgres' ? await createTestDatabase() : null;
    if (server) cleanups.push(server.drop);

    const { jobId, indexed } = await ingestAndKill(dataDir, server?.url ?? '-', 3);
    expect(indexed).toBeGreaterThanOrEqual(3);
    expect(indexed).toBeLessThan(documentCount);

    // Restart on the same data: the worker picks up what the dead process left.
    const lore = await createLore({
      dataDir,
      databaseUrl: server?.url,
      embedder: createTestEmbedder(),
      workerOptions: { batchSize: 4, leaseMs: 1_500, pollMs: 50 },
    });
    let final = await lore.jobs.get(jobId);
    for await (const job of lore.jobs.watch(jobId)) final = job;
    expect(final).toMatchObject({
      status: 'completed',
      progress: { done: documentCount, total: documentCount },
      errors: [],
    });
    const documents = await lore.documents.list('recovery');
    expect(documents).toHaveLength(documentCount);
    expect(documents.every((document) => document.status === 'indexed' && document.chunkCount > 0)).toBe(
      true,
    );
    const collection = await lore.collections.get('recovery');
    const dimensions = await lore.embedder.dimensions();
    const embedderId = `${lore.embedder.provider}:${lore.embedder.modelId}`;
    await lore.close();

    // Compare the two stores directly.
    const database = await createDatabase(server ? { url: server.url } : { dataDir: join(dataDir, 'pg') });
    const metadata = createPostgresMetadataStore(database);
    const vectors = await createLanceVectorStore({ uri: join(dataDir, 'lance') });
    const counts = await vectors.countChunks({
      index: { collectionId: collection.id, embedderId, dimensions },
    });
    for (const document of documents) {
      expect(counts.get(document.id), document.title).toBe(document.chunkCount);
      expect((await metadata.getChunks({ documentId: document.id })).length).toBe(document.chunkCount);
    }
    expect(counts.size).toBe(documentCount);
    await vectors.close();
    await metadata.close();
  });
});
