import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore, type DatabaseKind } from '../support/lore.js';

/** Text with a NUL byte past the first 8 KiB: read as text, chunked and embedded, refused by Postgres. */
function nulAfterSniff(word: string): Uint8Array {
  const text = `${`The ${word} nests beside the river in spring. `.repeat(400)}\u0000 end.`;
  return new TextEncoder().encode(text);
}

describe.each<DatabaseKind>(['pglite', 'postgres'])(
  'a document that fails is not searchable (%s)',
  (kind) => {
    let env: Awaited<ReturnType<typeof createTestLore>>;
    beforeAll(async () => {
      env = await createTestLore(kind);
      await env.lore.collections.create({ name: 'birds' });
    });
    afterAll(async () => {
      await env.cleanup();
    });

    test('a failure after its chunks were written removes them', async () => {
      const { documents } = await env.lore.ingest({
        collection: 'birds',
        documents: [{ bytes: nulAfterSniff('bittern'), fileName: 'bittern.txt' }],
        wait: true,
      });
      expect(documents[0]?.status).toBe('failed');
      const hits = await env.lore.search({ collection: 'birds', query: 'bittern river', topK: 5 });
      expect(hits.map((hit) => hit.title)).toEqual([]);
      expect((await env.lore.doctor()).findings).toEqual([]);
    });

    test('a re-upload that fails takes down the chunks of the indexed version too', async () => {
      const key = 'notes/heron.txt';
      const first = await env.lore.ingest({
        collection: 'birds',
        documents: [{ text: 'The heron waits motionless in shallow water.', title: 'heron.txt', key }],
        wait: true,
      });
      expect(first.documents[0]?.status).toBe('indexed');
      const again = await env.lore.ingest({
        collection: 'birds',
        documents: [{ bytes: nulAfterSniff('heron'), fileName: 'heron.txt', key }],
        wait: true,
      });
      expect(again.documents[0]).toMatchObject({ id: first.documents[0]?.id, status: 'failed' });
      expect(await env.lore.search({ collection: 'birds', query: 'heron shallow water', topK: 5 })).toEqual(
        [],
      );
      expect((await env.lore.doctor()).findings).toEqual([]);
    });
  },
);
