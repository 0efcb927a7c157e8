import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { createLanceVectorStore, type IndexedChunk } from '@lore/core';
import { afterEach, describe, expect, test } from 'vitest';

const dimensions = 32;
const index = { collectionId: 'c1', embedderId: 'test-vectors', dimensions };

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

/** Points scattered around 40 centres, as embeddings of texts on 40 topics are. */
function clusteredVectors(count: number, seed: number): number[][] {
  const next = random(seed);
  const centres = Array.from({ length: 40 }, () => Array.from({ length: dimensions }, () => next() - 0.5));
  return Array.from({ length: count }, (_, position) => {
    const centre = centres[position % centres.length] as number[];
    return centre.map((value) => value + (next() - 0.5) * 0.6);
  });
}

function chunksOf(vectors: number[][], prefix: string): IndexedChunk[] {
  return vectors.map((vector, position) => ({
    id: `${prefix}-${position}:0`,
    documentId: `${prefix}-${position}`,
    index: 0,
    text: `chunk ${prefix} ${position}`,
    vector,
    start: 0,
    end: 10,
    page: null,
  }));
}

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function open(minRows: number, kind: 'ivf-pq' | 'ivf-hnsw-sq', maxSegments?: number) {
  const uri = await mkdtemp(join(tmpdir(), 'lore-ann-'));
  folders.push(uri);
  const store = await createLanceVectorStore({
    uri,
    vectorIndex: { minRows, kind, ...(maxSegments ? { maxSegments } : {}) },
  });
  const write = (chunks: IndexedChunk[]) =>
    store.replaceDocumentChunks({ index, documentIds: chunks.map((chunk) => chunk.documentId), chunks });
  const table = async () => {
    const connection = await connect(uri);
    const [name] = await connection.tableNames();
    return connection.openTable(name ?? '');
  };
  return { uri, store, write, table };
}

describe.each(['ivf-pq', 'ivf-hnsw-sq'] as const)('the %s vector index', (kind) => {
  test('is built once the table passes the threshold, ranks as exact search does and finds later rows', async () => {
    const { store, write, table } = await open(2000, kind);
    try {
      const vectors = clusteredVectors(3000, 7);
      await write(chunksOf(vectors.slice(0, 1500), 'a'));
      expect((await (await table()).listIndices()).map((entry) => entry.name)).not.toContain('vector_idx');

      await write(chunksOf(vectors.slice(1500), 'b'));
      const lance = await table();
      const vectorIndex = (await lance.listIndices()).find((entry) => entry.columns.includes('vector'));
      expect(vectorIndex?.name).toBe('vector_idx');

      // Recall@10 of the store's (indexed) search against exact search over the same rows.
      const queries = clusteredVectors(3000, 7)
        .slice(0, 30)
        .map((vector, position) =>
          vector.map((value, dimension) => value + ((position + dimension) % 3) * 0.05),
        );
      let found = 0;
      for (const vector of queries) {
        const hits = await store.search({ index, mode: 'vector', vector, limit: 10 });
        const exact = await lance
          .vectorSearch(vector)
          .distanceType('cosine')
          .bypassVectorIndex()
          .select(['id', '_distance'])
          .limit(10)
          .toArray();
        const expected = new Set(exact.map((row) => String(row.id)));
        found += hits.filter((hit) => expected.has(hit.chunkId)).length;
      }
      expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.9);

      // Rows written after the index are found, by their own vectors, first.
      const later = chunksOf(clusteredVectors(20, 99), 'later');
      await write(later);
      for (const chunk of later.slice(0, 5)) {
        const [best] = await store.search({ index, mode: 'vector', vector: chunk.vector, limit: 5 });
        expect(best?.chunkId).toBe(chunk.id);
        expect(best?.score).toBeCloseTo(1, 3);
      }
      lance.close();
    } finally {
      await store.close();
    }
  }, 120_000);
});

test('small writes after the IVF-HNSW-SQ index is built leave at most maxSegments index segments', async () => {
  // Each write's optimize() adds a delta segment; a bound of 3 must rebuild the index in one before a fourth
  // stays, so searches do not walk one more segment (and compaction one more fragment) per write forever.
  const counts = async (maxSegments: number) => {
    const { store, write, table } = await open(1000, 'ivf-hnsw-sq', maxSegments);
    try {
      const vectors = clusteredVectors(1600, 5);
      await write(chunksOf(vectors.slice(0, 1000), 'base'));
      const segments: number[] = [];
      for (let batch = 0; batch < 6; batch++) {
        const chunks = chunksOf(vectors.slice(1000 + batch * 100, 1100 + batch * 100), `w${batch}`);
        await write(chunks);
        const lance = await table();
        const vectorIndex = (await lance.listIndices()).find((entry) => entry.name === 'vector_idx');
        segments.push(vectorIndex?.numSegments ?? 0);
        lance.close();
        // The rows of every write are found by their own vectors, first, rebuilt index or not.
        const [best] = await store.search({
          index,
          mode: 'vector',
          vector: chunks[7]?.vector ?? [],
          limit: 5,
        });
        expect(best?.chunkId).toBe(chunks[7]?.id);
      }
      return segments;
    } finally {
      await store.close();
    }
  };
  const bounded = await counts(3);
  expect(Math.max(...bounded)).toBeLessThanOrEqual(3);
  expect(Math.min(...bounded)).toBeGreaterThanOrEqual(1);
  // Without the bound the segments do pile up (one per write), so the bound is what keeps them down.
  expect(Math.max(...(await counts(1000)))).toBeGreaterThan(3);
}, 240_000);

test('a store opened with vectorIndex: false searches exactly over a table another store indexed', async () => {
  const { uri, store, write, table } = await open(1000, 'ivf-pq');
  // Vectors without neighbourhood structure, where an unrefined PQ index ranks far from exact search.
  const next = random(11);
  const scattered = () => Array.from({ length: dimensions }, () => next() - 0.5);
  await write(chunksOf(Array.from({ length: 2000 }, scattered), 'r'));
  const exactStore = await createLanceVectorStore({ uri, vectorIndex: false });
  const lance = await table();
  try {
    expect((await lance.listIndices()).map((entry) => entry.name)).toContain('vector_idx');
    for (let query = 0; query < 10; query++) {
      const vector = scattered();
      const hits = await exactStore.search({ index, mode: 'vector', vector, limit: 10 });
      const exact = await lance
        .vectorSearch(vector)
        .distanceType('cosine')
        .bypassVectorIndex()
        .select(['id', '_distance'])
        .limit(10)
        .toArray();
      expect(hits.map((hit) => hit.chunkId)).toEqual(exact.map((row) => String(row.id)));
    }
  } finally {
    lance.close();
    await exactStore.close();
    await store.close();
  }
}, 120_000);

test('by default a table gets its vector index from 20,000 rows (bench:ann: recall@10 0.999 there)', async () => {
  const uri = await mkdtemp(join(tmpdir(), 'lore-ann-'));
  folders.push(uri);
  const store = await createLanceVectorStore({ uri });
  try {
    const vectors = clusteredVectors(20_000, 11);
    const write = (chunks: IndexedChunk[]) =>
      store.replaceDocumentChunks({ index, documentIds: chunks.map((chunk) => chunk.documentId), chunks });
    const indexNames = async () => {
      const connection = await connect(uri);
      const [name] = await connection.tableNames();
      return (await (await connection.openTable(name ?? '')).listIndices()).map((entry) => entry.name);
    };
    await write(chunksOf(vectors.slice(0, 19_999), 'a'));
    expect(await indexNames()).not.toContain('vector_idx');
    await write(chunksOf(vectors.slice(19_999), 'b'));
    expect(await indexNames()).toContain('vector_idx');
  } finally {
    await store.close();
  }
}, 240_000);
