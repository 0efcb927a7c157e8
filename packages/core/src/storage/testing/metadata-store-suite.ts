import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ChunkRecord, MetadataStore, NewDocument } from '../../spec/metadata-store.js';

/** An implementation under test, opened once per suite and emptied before each test. */
export interface MetadataStoreFixture {
  /** The store currently open. */
  readonly store: MetadataStore;
  /** Deletes every row. */
  reset: () => Promise<void>;
  /** Closes the store and opens the same data again (persistent implementations only). */
  reopen?: () => Promise<void>;
  cleanup: () => Promise<void>;
}

/** Builds a document from text, with the hash a caller would compute. */
export function newDocument(
  sourceKey: string,
  text: string,
  metadata: Record<string, unknown> = {},
): NewDocument {
  const bytes = new TextEncoder().encode(text);
  return {
    title: sourceKey,
    sourceKey,
    mimeType: 'text/plain',
    fileName: sourceKey,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    metadata,
  };
}

const chunksFor = (documentId: string, count: number): ChunkRecord[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `${documentId}:${index}`,
    index,
    start: index * 10,
    end: index * 10 + 10,
    tokens: 3,
    ...(index === 0 ? { page: 1, heading: 'Intro' } : {}),
  }));

/** The shared conformance suite every `MetadataStore` implementation must pass. */
export function describeMetadataStore(name: string, open: () => Promise<MetadataStoreFixture>): void {
  describe(`MetadataStore conformance: ${name}`, () => {
    let fixture: MetadataStoreFixture;
    let store: MetadataStore;
    beforeAll(async () => {
      fixture = await open();
    });
    beforeEach(async () => {
      await fixture.reset();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.cleanup();
    });

    /** Claims, indexes and completes every queued document. */
    async function indexAll(): Promise<void> {
      for (const work of await store.claimDocuments({ workerId: 'w', leaseMs: 60_000, limit: 100 })) {
        await store.completeDocument({ id: work.document.id, content: 'text', chunks: [] });
      }
    }

    test('creates, finds, lists and deletes collections; a taken name is a CONFLICT', async () => {
      const docs = await store.createCollection({ name: 'docs' });
      await store.createCollection({ name: 'notes' });
      await expect(store.createCollection({ name: 'docs' })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store.getCollection({ name: 'docs' })).toEqual(docs);
      expect(await store.getCollection({ name: 'missing' })).toBeNull();
      expect((await store.listCollections()).map((collection) => collection.name)).toEqual(['docs', 'notes']);
      await store.deleteCollection({ id: docs.id });
      expect((await store.listCollections()).map((collection) => collection.name)).toEqual(['notes']);
      await expect(store.deleteCollection({ id: docs.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    test('binary uploads come back byte for byte: every byte value, a view into a larger buffer', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const backing = new Uint8Array(100_003).map((_, index) => (index * 2_654_435_761) >>> 24);
      backing.set([0, 92, 120, 0, 255, 39], 10); // NUL, backslash, "x", quote: what a text encoding could mangle
      const bytes = backing.subarray(7, 90_007);
      await store.enqueue({
        collectionId: collection.id,
        documents: [{ ...newDocument('x.pdf', ''), bytes }],
      });
      const [work] = await store.claimDocuments({ workerId: 'w', leaseMs: 60_000, limit: 1 });
      expect(work?.bytes).toBeInstanceOf(Uint8Array);
      expect(work?.bytes.byteLength).toBe(90_000);
      expect(Buffer.compare(Buffer.from(work?.bytes ?? []), Buffer.from(bytes))).toBe(0);
    });

    test('enqueue persists documents with their bytes and one job; claims hand the bytes back', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const { job, documents } = await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a.txt', 'alpha'), newDocument('b.txt', 'beta')],
      });
      expect(job).toMatchObject({ status: 'queued', progress: { done: 0, total: 2 }, errors: [] });
      expect(documents.map((entry) => [entry.document.status, entry.unchanged])).toEqual([
        ['queued', false],
        ['queued', false],
      ]);
      expect(await store.getJob({ id: job.id })).toEqual(job);
      const work = await store.claimDocuments({ workerId: 'w1', leaseMs: 60_000, limit: 10 });
      expect(work.map((item) => new TextDecoder().decode(item.bytes))).toEqual(['alpha', 'beta']);
      expect(work[0]?.fileName).toBe('a.txt');
      expect((await store.getJob({ id: job.id }))?.status).toBe('running');
      await expect(
        store.enqueue({
          collectionId: collection.id,
          documents: [newDocument('x', '1'), newDocument('x', '2')],
        }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(
        store.enqueue({ collectionId: '00000000-0000-4000-8000-000000000000', documents: [] }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    test('same content is unchanged; changed content re-queues the same document id', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const first = await store.enqueue({ collectionId: collection.id, documents: [newDocument('a', 'v1')] });
      await indexAll();
      const again = await store.enqueue({ collectionId: collection.id, documents: [newDocument('a', 'v1')] });
      expect(again.documents[0]?.unchanged).toBe(true);
      expect(again.documents[0]?.document.status).toBe('indexed');
      expect(again.job).toMatchObject({ status: 'completed', progress: { done: 0, total: 0 } });

      const changed = await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a', 'v2')],
      });
      const id = first.documents[0]?.document.id;
      expect(changed.documents[0]).toMatchObject({ unchanged: false, document: { id, status: 'queued' } });
      expect(changed.documents[0]?.document.jobId).toBe(changed.job.id);
      const [work] = await store.claimDocuments({ workerId: 'w', leaseMs: 60_000, limit: 1 });
      expect(work?.document.id).toBe(id);
      expect(new TextDecoder().decode(work?.bytes)).toBe('v2');
      expect((await store.listDocuments({ collectionId: collection.id })).length).toBe(1);
    });

    test('concurrent claimers never get the same document', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const sources = Array.from({ length: 12 }, (_, index) => newDocument(`doc-${index}`, `text ${index}`));
      await store.enqueue({ collectionId: collection.id, documents: sources });
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, worker) =>
          store.claimDocuments({ workerId: `w${worker}`, leaseMs: 60_000, limit: 3 }),
        ),
      );
      const ids = claims.flat().map((work) => work.document.id);
      expect(new Set(ids).size).toBe(ids.length);
      const rest = await store.claimDocuments({ workerId: 'late', leaseMs: 60_000, limit: 20 });
      expect(ids.length + rest.length).toBe(12);
      expect(await store.claimDocuments({ workerId: 'late', leaseMs: 60_000, limit: 20 })).toEqual([]);
    });

    test('a document whose lease expired is claimed again, in progress or not', async () => {
      const collection = await store.createCollection({ name: 'c' });
      await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a', 'A'), newDocument('b', 'B')],
      });
      const [a, b] = await store.claimDocuments({ workerId: 'crashy', leaseMs: 60_000, limit: 2 });
      if (!a || !b) throw new Error('expected two claims');
      await store.updateDocumentStatus({ id: a.document.id, status: 'embedding', leaseMs: 100 });
      expect((await store.getDocument({ id: a.document.id }))?.status).toBe('embedding');
      expect(await store.claimDocuments({ workerId: 'other', leaseMs: 60_000, limit: 5 })).toEqual([]);
      await sleep(250);
      const reclaimed = await store.claimDocuments({ workerId: 'other', leaseMs: 60_000, limit: 5 });
      expect(reclaimed.map((work) => work.document.id)).toEqual([a.document.id]);
      expect(new TextDecoder().decode(reclaimed[0]?.bytes)).toBe('A');
    });

    test('releaseLeases makes every claimed document claimable at once', async () => {
      const collection = await store.createCollection({ name: 'c' });
      await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a', 'A'), newDocument('b', 'B')],
      });
      const [a] = await store.claimDocuments({ workerId: 'dead', leaseMs: 600_000, limit: 2 });
      await store.updateDocumentStatus({ id: a?.document.id ?? '', status: 'parsing', leaseMs: 600_000 });
      expect(await store.releaseLeases()).toBe(2);
      const again = await store.claimDocuments({ workerId: 'new', leaseMs: 60_000, limit: 5 });
      expect(again).toHaveLength(2);
      await expect(
        store.updateDocumentStatus({
          id: '00000000-0000-4000-8000-000000000000',
          status: 'parsing',
          leaseMs: 1,
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    test('complete and fail advance the job to completed, listing errors', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const { job } = await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a', 'A'), newDocument('b', 'B'), newDocument('c', 'C')],
      });
      const [a, b, c] = await store.claimDocuments({ workerId: 'w', leaseMs: 60_000, limit: 3 });
      if (!a || !b || !c) throw new Error('expected three claims');
      await store.completeDocument({
        id: a.document.id,
        title: 'Alpha',
        content: 'alpha text',
        chunks: chunksFor(a.document.id, 3),
      });
      await store.failDocument({ id: b.document.id, message: 'Unsupported file' });
      expect(await store.getJob({ id: job.id })).toMatchObject({
        status: 'running',
        progress: { done: 2, total: 3 },
      });
      await store.completeDocument({ id: c.document.id, content: 'c', chunks: [] });
      const finished = await store.getJob({ id: job.id });
      expect(finished).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 } });
      expect(finished?.errors).toEqual([
        { documentId: b.document.id, title: 'b', message: 'Unsupported file' },
      ]);

      expect(await store.getDocument({ id: a.document.id })).toMatchObject({
        status: 'indexed',
        title: 'Alpha',
        chunkCount: 3,
      });
      expect(await store.getDocument({ id: b.document.id })).toMatchObject({
        status: 'failed',
        error: 'Unsupported file',
      });
      expect(await store.getDocumentContent({ id: a.document.id })).toBe('alpha text');
      expect(await store.getDocumentContent({ id: b.document.id })).toBeNull();
      expect(await store.getChunks({ documentId: a.document.id })).toEqual(chunksFor(a.document.id, 3));
      await expect(
        store.completeDocument({ id: a.document.id, content: 'x', chunks: [] }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    test('a job whose documents all fail is failed', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const { job } = await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a', 'A'), newDocument('b', 'B')],
      });
      for (const work of await store.claimDocuments({ workerId: 'w', leaseMs: 60_000, limit: 2 })) {
        await store.failDocument({ id: work.document.id, message: 'broken' });
      }
      expect(await store.getJob({ id: job.id })).toMatchObject({
        status: 'failed',
        progress: { done: 2, total: 2 },
      });
    });

    test('a re-upload supersedes the pending document in its old job; the old worker cannot complete it', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const first = await store.enqueue({ collectionId: collection.id, documents: [newDocument('a', 'v1')] });
      const [stale] = await store.claimDocuments({ workerId: 'slow', leaseMs: 60_000, limit: 1 });
      const second = await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a', 'v2')],
      });
      expect(await store.getJob({ id: first.job.id })).toMatchObject({ status: 'completed' });
      await expect(
        store.completeDocument({ id: stale?.document.id ?? '', content: 'v1', chunks: [] }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await indexAll();
      expect(await store.getJob({ id: second.job.id })).toMatchObject({ status: 'completed' });
    });

    test('deleting a collection or document cascades to documents, chunks and jobs', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const { job, documents } = await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a', 'A'), newDocument('b', 'B')],
      });
      for (const work of await store.claimDocuments({ workerId: 'w', leaseMs: 60_000, limit: 2 })) {
        await store.completeDocument({
          id: work.document.id,
          content: 'x',
          chunks: chunksFor(work.document.id, 2),
        });
      }
      const [a, b] = documents.map((entry) => entry.document.id);
      if (!a || !b) throw new Error('expected two documents');
      await store.deleteDocument({ id: a });
      expect(await store.getDocument({ id: a })).toBeNull();
      expect(await store.getChunks({ documentId: a })).toEqual([]);
      await expect(store.deleteDocument({ id: a })).rejects.toMatchObject({ code: 'NOT_FOUND' });

      await store.deleteCollection({ id: collection.id });
      expect(await store.getDocument({ id: b })).toBeNull();
      expect(await store.getChunks({ documentId: b })).toEqual([]);
      expect(await store.getJob({ id: job.id })).toBeNull();
      expect(await store.listDocuments({ collectionId: collection.id })).toEqual([]);
    });

    test('findDocumentIds keeps indexed documents whose metadata contains every key/value', async () => {
      const collection = await store.createCollection({ name: 'c' });
      const other = await store.createCollection({ name: 'other' });
      const { documents } = await store.enqueue({
        collectionId: collection.id,
        documents: [
          newDocument('en', 'A', { lang: 'en', tags: ['guide', 'api'], owner: { team: 'core' } }),
          newDocument('de', 'B', { lang: 'de', tags: ['guide'] }),
        ],
      });
      await store.enqueue({ collectionId: other.id, documents: [newDocument('en', 'A', { lang: 'en' })] });
      await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('queued', 'Q', { lang: 'en' })],
      });
      const [en, de] = documents.map((entry) => entry.document.id);
      for (const work of await store.claimDocuments({ workerId: 'w', leaseMs: 60_000, limit: 3 })) {
        if (work.document.sourceKey === 'queued') continue;
        await store.completeDocument({ id: work.document.id, content: 'x', chunks: [] });
      }
      const find = (metadata: Record<string, unknown>) =>
        store.findDocumentIds({ collectionId: collection.id, metadata });
      expect(await find({ lang: 'en' })).toEqual([en]);
      expect((await find({ tags: ['guide'] })).sort()).toEqual([en, de].sort());
      expect(await find({ tags: ['api'], owner: { team: 'core' } })).toEqual([en]);
      expect(await find({ lang: 'fr' })).toEqual([]);
      expect((await find({})).length).toBe(2);
    });

    test('data survives closing and reopening the store', async (context) => {
      if (!fixture.reopen) return context.skip();
      const collection = await store.createCollection({ name: 'kept' });
      const { job } = await store.enqueue({
        collectionId: collection.id,
        documents: [newDocument('a', 'bytes')],
      });
      await fixture.reopen();
      store = fixture.store;
      expect(await store.getCollection({ name: 'kept' })).toEqual(collection);
      expect((await store.getJob({ id: job.id }))?.progress).toEqual({ done: 0, total: 1 });
      const [work] = await store.claimDocuments({ workerId: 'w', leaseMs: 60_000, limit: 1 });
      expect(new TextDecoder().decode(work?.bytes)).toBe('bytes');
    });
  });
}
