import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  createLanceVectorStore,
  createLoreFromServices,
  createPostgresChatStore,
  createPostgresMetadataStore,
  type DoctorFindingKind,
} from '@lore/core';
import { contentHash, createIngestionWorker } from '@lore/core/internal';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../setup/postgres.js';
import { createTestEmbedder } from '../support/lore.js';

function textDocument(title: string, text: string) {
  const bytes = new TextEncoder().encode(text);
  return {
    title,
    sourceKey: `title:${title}`,
    mimeType: 'text/plain',
    fileName: null,
    contentHash: contentHash(bytes),
    bytes,
    metadata: {},
  };
}

describe.each(['pglite', 'postgres'] as const)('lore doctor (%s)', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  test('finds every kind of disagreement, repairs it, and then reports clean', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lore-doctor-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const server = kind === 'postgres' ? await createTestDatabase() : null;
    if (server) cleanups.push(server.drop);
    const database = await createDatabase(server ? { url: server.url } : { dataDir: join(dataDir, 'pg') });
    const metadata = createPostgresMetadataStore(database);
    const vectors = await createLanceVectorStore({ uri: join(dataDir, 'lance') });
    const embedder = createTestEmbedder();
    // No background worker: the test decides when work happens.
    const lore = createLoreFromServices({
      metadata,
      vectors,
      embedder,
      chats: createPostgresChatStore(database),
      worker: false,
    });
    cleanups.push(() => lore.close());
    const worker = createIngestionWorker({ metadata, vectors, embedder });
    const drain = async () => {
      while ((await worker.runOnce()) > 0) {}
    };

    const collection = await lore.collections.create({ name: 'doctor' });
    const { documents } = await metadata.enqueue({
      collectionId: collection.id,
      documents: [
        textDocument('owls', 'Owls hunt at night and turn their heads far around.'),
        textDocument('bees', 'Honey bees dance to tell the hive where the flowers are.'),
        textDocument('moss', 'Moss grows on the north side of trees in damp forests.'),
      ],
    });
    await drain();
    expect((await lore.doctor()).findings).toEqual([]);

    // 1. LanceDB lost the chunks of an indexed document.
    const [owls] = documents;
    await vectors.deleteDocuments({ collectionId: collection.id, documentIds: [owls?.document.id ?? ''] });
    // 2. LanceDB holds chunks of a document Postgres never finished (deleted meanwhile).
    const index = {
      collectionId: collection.id,
      embedderId: `${embedder.provider}:${embedder.modelId}`,
      dimensions: await embedder.dimensions(),
    };
    const ghost = randomUUID();
    const [vector] = (await embedder.embed({ values: ['ghost text'] })).embeddings;
    await vectors.replaceDocumentChunks({
      index,
      documentIds: [ghost],
      chunks: [
        {
          id: `${ghost}:0`,
          documentId: ghost,
          index: 0,
          text: 'ghost text',
          vector: vector ?? [],
          start: 0,
          end: 10,
          page: null,
        },
      ],
    });
    // 3. A worker claimed a document and died: its lease runs out.
    const stale = await metadata.enqueue({
      collectionId: collection.id,
      documents: [textDocument('stale', 'Foxes cache food in the snow for the winter.')],
    });
    await metadata.claimDocuments({ workerId: 'worker-dead', leaseMs: 1, limit: 10 });
    // 4. A queued document whose stored upload is gone.
    const lost = await metadata.enqueue({
      collectionId: collection.id,
      documents: [textDocument('lost', 'This upload will vanish.')],
    });
    const lostId = lost.documents[0]?.document.id ?? '';
    await database.db.execute(sql`delete from document_sources where document_id = ${lostId}`);
    // 5. A job whose only document vanished without finishing it (lore.documents.delete finishes it; a row
    // removed behind Lore's back does not).
    const orphanJob = await metadata.enqueue({
      collectionId: collection.id,
      documents: [textDocument('deleted', 'Deleted before indexing.')],
    });
    const orphanId = orphanJob.documents[0]?.document.id ?? '';
    await database.db.execute(sql`delete from documents where id = ${orphanId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const found = await lore.doctor();
    const kinds = (report: { findings: { kind: DoctorFindingKind }[] }) =>
      report.findings.map((finding) => finding.kind).sort();
    expect(kinds(found)).toEqual([
      'chunk-count-mismatch',
      'missing-upload',
      'orphan-chunks',
      'stale-lease',
      'stuck-job',
    ]);
    expect(found.findings.every((finding) => !finding.repaired)).toBe(true);
    // Reporting changes nothing.
    expect(kinds(await lore.doctor())).toEqual(kinds(found));

    const repaired = await lore.doctor({ repair: true });
    expect(repaired.findings.every((finding) => finding.repaired)).toBe(true);
    await drain();

    expect((await lore.doctor()).findings).toEqual([]);
    const hits = await lore.search({ collection: 'doctor', query: 'owls hunt at night', mode: 'keyword' });
    expect(hits[0]?.title).toBe('owls');
    expect(await lore.documents.get(stale.documents[0]?.document.id ?? '')).toMatchObject({
      status: 'indexed',
    });
    expect(await lore.documents.get(lostId)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('upload the document again'),
    });
    expect(await lore.jobs.get(orphanJob.job.id)).toMatchObject({ status: 'completed' });
    expect(await lore.jobs.get(lost.job.id)).toMatchObject({ status: 'failed' });
    const counts = await vectors.countChunks({ index });
    expect(counts.has(ghost)).toBe(false);
    expect(counts.get(owls?.document.id ?? '')).toBe(
      (await lore.documents.get(owls?.document.id ?? '')).chunkCount,
    );
  });
});
