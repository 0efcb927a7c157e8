import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  createLanceVectorStore,
  createPostgresMetadataStore,
  type Embedder,
} from '@lore/core';
import { contentHash, createIngestionWorker } from '@lore/core/internal';
import { afterEach, expect, test } from 'vitest';
import { createTestEmbedder } from '../support/lore.js';

function textDocument(key: string, text: string) {
  const bytes = new TextEncoder().encode(text);
  return {
    title: key,
    sourceKey: `key:${key}`,
    mimeType: 'text/plain',
    fileName: null,
    contentHash: contentHash(bytes),
    bytes,
    metadata: {},
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Found by the kill -9 fault test: a re-upload landing while its batch was embedded failed the whole batch.
test('a document re-uploaded while its batch is embedded does not fail its batch-mates', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lore-superseded-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await createDatabase({ dataDir: join(dataDir, 'pg') });
  const metadata = createPostgresMetadataStore(database);
  const vectors = await createLanceVectorStore({ uri: join(dataDir, 'lance') });
  const real = createTestEmbedder();
  cleanups.push(async () => {
    await real.close();
    await vectors.close();
    await metadata.close();
  });

  // The real embedder, held at its first call until the test has re-uploaded a document.
  let reached: () => void = () => {};
  const embedding = new Promise<void>((resolve) => {
    reached = resolve;
  });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const embedder: Embedder = {
    provider: real.provider,
    modelId: real.modelId,
    dimensions: () => real.dimensions(),
    tokenizer: () => real.tokenizer(),
    close: () => real.close(),
    async embed(options) {
      reached();
      await released;
      return real.embed(options);
    },
  };

  const collection = await metadata.createCollection({ name: 'superseded' });
  const { documents } = await metadata.enqueue({
    collectionId: collection.id,
    documents: [textDocument('steady', 'Owls hunt at night.'), textDocument('changing', 'Version one.')],
  });
  const worker = createIngestionWorker({ metadata, vectors, embedder, batchSize: 2 });
  const running = worker.runOnce();
  await embedding;
  await metadata.enqueue({
    collectionId: collection.id,
    documents: [textDocument('changing', 'Version two.')],
  });
  release();
  expect(await running).toBe(2);

  const [steady, changing] = documents.map((entry) => entry.document.id);
  expect(await metadata.getDocument({ id: steady ?? '' })).toMatchObject({ status: 'indexed', error: null });
  // The re-uploaded document waits for its own claim and is then indexed with the new text.
  expect(await metadata.getDocument({ id: changing ?? '' })).toMatchObject({ status: 'queued' });
  while ((await worker.runOnce()) > 0) {}
  expect(await metadata.getDocumentContent({ id: changing ?? '' })).toBe('Version two.');
});
