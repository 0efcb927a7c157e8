import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { IndexedChunk, IndexRef, VectorStore } from '../../spec/vector-store.js';

/** An implementation under test: a fresh, empty store, and optionally a way to reopen the same data. */
export interface VectorStoreFixture {
  /** The store currently open. */
  readonly store: VectorStore;
  /** Closes the store and opens the same data again (persistent implementations only). */
  reopen?: () => Promise<void>;
  cleanup: () => Promise<void>;
}

const collectionId = '3f1c2a9e-5b7d-4e2a-9c1f-0a1b2c3d4e5f';
const index: IndexRef = { collectionId, embedderId: 'transformers:test-model', dimensions: 4 };

/** A unit vector along `axis` (0–3), optionally tilted towards the next axis. */
const axis = (n: number, tilt = 0, dimensions = 4): number[] => {
  const vector = Array.from({ length: dimensions }, () => 0);
  vector[n % dimensions] = 1;
  vector[(n + 1) % dimensions] = tilt;
  return vector;
};

/** Builds chunks of one document from texts, with deterministic ids and axis-aligned vectors. */
function chunksOf(documentId: string, texts: string[], dimensions = 4): IndexedChunk[] {
  let start = 0;
  return texts.map((text, position) => {
    const chunk = {
      id: `${documentId}:${position}`,
      documentId,
      index: position,
      text,
      vector: axis(position, 0.1, dimensions),
      start,
      end: start + text.length,
      page: position === 0 ? null : position,
    };
    start += text.length;
    return chunk;
  });
}

/** The shared conformance suite every `VectorStore` implementation must pass. */
export function describeVectorStore(name: string, open: () => Promise<VectorStoreFixture>): void {
  describe(`VectorStore conformance: ${name}`, () => {
    let fixture: VectorStoreFixture;
    let store: VectorStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    const keyword = (query: string, extra: { documentIds?: string[]; limit?: number } = {}) =>
      store.search({ index, mode: 'keyword', query, limit: extra.limit ?? 5, ...extra });
    const counts = async (ref: IndexRef = index) =>
      Object.fromEntries(await store.countChunks({ index: ref }));

    test('replacing chunks swaps them atomically and replaying a replace leaves no duplicates', async () => {
      await store.replaceDocumentChunks({
        index,
        documentIds: ['a', 'b'],
        chunks: [...chunksOf('a', ['one', 'two', 'three']), ...chunksOf('b', ['uno', 'dos'])],
      });
      expect(await counts()).toEqual({ a: 3, b: 2 });

      const replacement = { index, documentIds: ['a'], chunks: chunksOf('a', ['first rewritten', 'second']) };
      await store.replaceDocumentChunks(replacement);
      await store.replaceDocumentChunks(replacement);
      expect(await counts()).toEqual({ a: 2, b: 2 });
      expect((await keyword('three')).length).toBe(0);
      expect((await keyword('rewritten')).map((hit) => hit.chunkId)).toEqual(['a:0']);

      await store.replaceDocumentChunks({ index, documentIds: ['b'], chunks: [] });
      expect(await counts()).toEqual({ a: 2 });
      await expect(
        store.replaceDocumentChunks({ index, documentIds: ['a'], chunks: chunksOf('b', ['stray']) }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    test('concurrent replaces of different documents all land', async () => {
      const documents = Array.from({ length: 6 }, (_, n) => `doc-${n}`);
      await Promise.all(
        documents.map((documentId) =>
          store.replaceDocumentChunks({
            index,
            documentIds: [documentId],
            chunks: chunksOf(documentId, ['x', 'y']),
          }),
        ),
      );
      expect(await counts()).toEqual(Object.fromEntries(documents.map((documentId) => [documentId, 2])));
    });

    test('vector search ranks by cosine similarity, higher is better', async () => {
      const chunks = chunksOf('a', ['north', 'east', 'south']);
      await store.replaceDocumentChunks({ index, documentIds: ['a'], chunks });
      const hits = await store.search({ index, mode: 'vector', vector: axis(1), limit: 3 });
      expect(hits.map((hit) => hit.chunkId)).toEqual(['a:1', 'a:0', 'a:2']);
      expect(hits[0]).toMatchObject({ documentId: 'a', index: 1, text: 'east', start: 5, end: 9, page: 1 });
      expect(hits[0]?.score).toBeCloseTo(1 / Math.hypot(1, 0.1), 4);
      expect(hits[1]?.score).toBeCloseTo(0.1 / Math.hypot(1, 0.1), 4);
      expect(hits[2]?.score).toBeCloseTo(0, 4);
      await expect(store.search({ index, mode: 'vector', vector: [1, 0], limit: 3 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });

    test('keyword search finds new chunks at once, with BM25 scores higher for better matches', async () => {
      await store.replaceDocumentChunks({
        index,
        documentIds: ['a'],
        chunks: chunksOf('a', [
          'Workers claim documents with a lease; an expired lease lets another worker take over.',
          'The lease is renewed while the worker embeds the chunks.',
          'Collections group documents by topic.',
        ]),
      });
      const hits = await keyword('expired lease');
      expect(hits[0]?.chunkId).toBe('a:0');
      expect(hits.map((hit) => hit.chunkId)).not.toContain('a:2');
      expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY);
      expect(hits.every((hit) => hit.score > 0)).toBe(true);
      await store.replaceDocumentChunks({
        index,
        documentIds: ['b'],
        chunks: chunksOf('b', ['A brand new note.']),
      });
      expect((await keyword('brand')).map((hit) => hit.chunkId)).toEqual(['b:0']);
      expect(await keyword('   ')).toEqual([]);
    });

    test('Chinese keyword search matches words inside sentences and returns the original text', async () => {
      const texts = [
        '向量数据库可以高效地存储和检索嵌入向量。',
        '全文检索使用倒排索引来查找包含关键词的文档。',
        '今天天气很好，我们去公园散步吧。',
        'LanceDB支持中文检索，也支持English keywords。',
      ];
      await store.replaceDocumentChunks({ index, documentIds: ['zh'], chunks: chunksOf('zh', texts) });
      expect((await keyword('倒排索引'))[0]?.chunkId).toBe('zh:1');
      expect((await keyword('天气'))[0]).toMatchObject({ chunkId: 'zh:2', text: texts[2] });
      expect((await keyword('嵌入向量'))[0]?.chunkId).toBe('zh:0');
      expect((await keyword('中文'))[0]?.chunkId).toBe('zh:3');
      expect((await keyword('keywords'))[0]?.chunkId).toBe('zh:3');
      expect(await keyword('火车站')).toEqual([]);
    });

    test('documentIds prefilters both modes, with ids escaped', async () => {
      const other = "o'brien";
      await store.replaceDocumentChunks({
        index,
        documentIds: ['a', other],
        chunks: [...chunksOf('a', ['shared words here']), ...chunksOf(other, ['shared words there'])],
      });
      const vector = await store.search({
        index,
        mode: 'vector',
        vector: axis(0),
        limit: 5,
        documentIds: [other],
      });
      expect(vector.map((hit) => hit.documentId)).toEqual([other]);
      expect((await keyword('shared', { documentIds: ['a'] })).map((hit) => hit.documentId)).toEqual(['a']);
      expect(await keyword('shared', { documentIds: [] })).toEqual([]);
      expect(
        await store.search({ index, mode: 'vector', vector: axis(0), limit: 5, documentIds: ['zzz'] }),
      ).toEqual([]);
    });

    test('two embedders with different dimensions in one collection keep separate indexes', async () => {
      const wide: IndexRef = { collectionId, embedderId: 'transformers/test-model', dimensions: 8 };
      await store.replaceDocumentChunks({ index, documentIds: ['a'], chunks: chunksOf('a', ['four dims']) });
      await store.replaceDocumentChunks({
        index: wide,
        documentIds: ['a'],
        chunks: chunksOf('a', ['eight dims', 'more'], 8),
      });
      expect(await counts()).toEqual({ a: 1 });
      expect(await counts(wide)).toEqual({ a: 2 });
      const hits = await store.search({ index: wide, mode: 'vector', vector: axis(0, 0, 8), limit: 5 });
      expect(hits.map((hit) => hit.text)).toEqual(['eight dims', 'more']);
      await expect(
        store.replaceDocumentChunks({ index: wide, documentIds: ['a'], chunks: chunksOf('a', ['short']) }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    test('deleteDocuments and dropCollection remove chunks from every index of that collection only', async () => {
      const wide: IndexRef = { ...index, embedderId: 'other-model', dimensions: 8 };
      const elsewhere: IndexRef = { ...index, collectionId: '9d8c7b6a-0000-4000-8000-000000000001' };
      const many = Array.from({ length: 25 }, (_, n) => `chunk ${n}`);
      await store.replaceDocumentChunks({
        index,
        documentIds: ['a', 'b'],
        chunks: [...chunksOf('a', many), ...chunksOf('b', ['b'])],
      });
      await store.replaceDocumentChunks({ index: wide, documentIds: ['a'], chunks: chunksOf('a', ['x'], 8) });
      await store.replaceDocumentChunks({
        index: elsewhere,
        documentIds: ['a'],
        chunks: chunksOf('a', ['kept']),
      });
      expect(await counts()).toEqual({ a: 25, b: 1 });

      await store.deleteDocuments({ collectionId, documentIds: ['a'] });
      expect(await counts()).toEqual({ b: 1 });
      expect(await counts(wide)).toEqual({});
      expect(await counts(elsewhere)).toEqual({ a: 1 });

      await store.dropCollection({ collectionId });
      expect(await counts()).toEqual({});
      expect(await keyword('b')).toEqual([]);
      expect(await counts(elsewhere)).toEqual({ a: 1 });
      await store.replaceDocumentChunks({ index, documentIds: ['c'], chunks: chunksOf('c', ['revived']) });
      expect((await keyword('revived')).map((hit) => hit.chunkId)).toEqual(['c:0']);
    });

    test('an aborted search rejects with ABORTED', async () => {
      await store.replaceDocumentChunks({ index, documentIds: ['a'], chunks: chunksOf('a', ['text']) });
      const controller = new AbortController();
      controller.abort();
      await expect(
        store.search({ index, mode: 'keyword', query: 'text', limit: 1, abortSignal: controller.signal }),
      ).rejects.toMatchObject({ code: 'ABORTED' });
    });

    test('chunks survive closing and reopening the store', async (context) => {
      if (!fixture.reopen) return context.skip();
      await store.replaceDocumentChunks({
        index,
        documentIds: ['a'],
        chunks: chunksOf('a', ['persisted words']),
      });
      await fixture.reopen();
      store = fixture.store;
      expect((await keyword('persisted')).map((hit) => hit.chunkId)).toEqual(['a:0']);
    });
  });
}
