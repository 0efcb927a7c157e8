import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanceVectorStore } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore, type DatabaseKind } from '../support/lore.js';

const longText = Array.from(
  { length: 400 },
  (_, index) => `Paragraph ${index}: the coot ${index % 7} paddles past reed ${index * 13}.`,
).join('\n\n');

describe.each<DatabaseKind>(['pglite', 'postgres'])('deleting a collection during ingestion (%s)', (kind) => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  const tablesOf = async (collectionId: string) =>
    (await readdir(join(env.dataDir, 'lance')).catch(() => [] as string[])).filter((name) =>
      name.startsWith(collectionId),
    );
  beforeAll(async () => {
    env = await createTestLore(kind);
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('leaves no LanceDB table of the collection behind', async () => {
    // Its own Lore: closing it waits for the batch the worker had in hand.
    const dataDir = await mkdtemp(join(tmpdir(), 'lore-drop-'));
    const own = await createTestLore(kind, { dataDir });
    const collection = await own.lore.collections.create({ name: 'coots' });
    let deleted: Promise<void> | undefined;
    own.lore.onIngestionEvent((event) => {
      if (event.status === 'embedding' && !deleted) deleted = own.lore.collections.delete('coots');
    });
    await own.lore.ingest({ collection: 'coots', documents: [{ text: longText, title: 'coots.md' }] });
    for (let waited = 0; !deleted && waited < 30_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    await deleted;
    await own.cleanup();
    const tables = (await readdir(join(dataDir, 'lance'))).filter((name) => name.startsWith(collection.id));
    await rm(dataDir, { recursive: true, force: true });
    expect(deleted).toBeDefined();
    expect(tables).toEqual([]);
  });

  test('doctor finds and drops tables of collections that no longer exist', async () => {
    const gone = '0f0e0d0c-0000-4000-8000-00000000dead';
    const vectors = await createLanceVectorStore({ uri: join(env.dataDir, 'lance') });
    await vectors.replaceDocumentChunks({
      index: { collectionId: gone, embedderId: 'test', dimensions: 2 },
      documentIds: ['a'],
      chunks: [
        {
          id: 'a:0',
          documentId: 'a',
          index: 0,
          text: 'x',
          vector: [1, 0],
          start: 0,
          end: 1,
          page: null,
          searchText: 'x',
        },
      ],
    });
    await vectors.close();
    const report = await env.lore.doctor();
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'orphan-table', collection: gone, repaired: false }),
    ]);
    const repaired = await env.lore.doctor({ repair: true });
    expect(repaired.findings.map((finding) => [finding.kind, finding.repaired])).toEqual([
      ['orphan-table', true],
    ]);
    expect(await tablesOf(gone)).toEqual([]);
    expect((await env.lore.doctor()).findings).toEqual([]);
  });
});
