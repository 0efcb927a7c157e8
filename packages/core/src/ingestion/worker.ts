import { randomUUID } from 'node:crypto';
import { chunkDocument, keywordText } from '../chunking/index.js';
import { type ErrorText, LoreError, messageOnly } from '../errors.js';
import type { Chunk, LoadedDocument } from '../spec/document.js';
import type { Embedder } from '../spec/embedding.js';
import type { DocumentStatus, DocumentWork, MetadataStore } from '../spec/metadata-store.js';
import type { IndexedChunk, IndexRef, VectorStore } from '../spec/vector-store.js';
import { indexRefFor } from '../storage/index-ref.js';
import { withSpan } from '../tracing/with-span.js';
import { chunkId } from './ids.js';
import { loadDocument } from './loaders/index.js';
import type { OcrOptions } from './loaders/ocr.js';

/** A document changed status; `jobId` lets listeners follow one job. */
export interface IngestionEvent {
  documentId: string;
  collectionId: string;
  jobId: string | null;
  status: DocumentStatus;
  error?: string;
}

export interface IngestionWorkerOptions {
  metadata: MetadataStore;
  vectors: VectorStore;
  embedder: Embedder;
  /** Documents claimed and written to the vector store per commit. */
  batchSize?: number;
  /** How long a claim lasts before another worker may take the document over. */
  leaseMs?: number;
  /** How often an idle worker looks for new work (it is also woken directly on enqueue). */
  pollMs?: number;
  /** Batches processed at once; two let parsing and storage overlap with embedding. */
  concurrency?: number;
  chunking?: { maxTokens?: number; overlapTokens?: number };
  /** How scanned PDF pages and images are read. */
  ocr?: OcrOptions;
  /** How a document's failure is worded in its job (default: the message). */
  errorText?: ErrorText;
  onEvent?: (event: IngestionEvent) => void;
  onError?: (error: unknown) => void;
}

/** Processes queued documents: load → chunk → embed → index, durable across crashes. */
export interface IngestionWorker {
  readonly id: string;
  /** Starts the background loop. */
  start(): void;
  /** Asks an idle loop to look for work now. */
  wake(): void;
  /** Claims and processes one batch; returns how many documents it took. */
  runOnce(): Promise<number>;
  /** Stops the loops after the batches in flight. */
  stop(): Promise<void>;
}

function eventOf(work: DocumentWork) {
  const { document } = work;
  return { documentId: document.id, collectionId: document.collectionId, jobId: document.jobId };
}

interface Prepared {
  work: DocumentWork;
  loaded: LoadedDocument;
  chunks: Chunk[];
}

/** The metadata store's answer for a claim that is gone: the document was re-uploaded or deleted. */
function superseded(error: unknown): boolean {
  return error instanceof LoreError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND');
}

/** Creates a worker; several may run against one database (claims are leased). */
export function createIngestionWorker(options: IngestionWorkerOptions): IngestionWorker {
  const { metadata, vectors, embedder } = options;
  const id = `worker-${randomUUID()}`;
  const batchSize = options.batchSize ?? 64;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 1_000;
  const concurrency = options.concurrency ?? 2;
  const emit = (event: IngestionEvent) => options.onEvent?.(event);

  let running = false;
  let loops: Promise<void>[] = [];
  const sleepers = new Set<() => void>();

  /** Documents whose chunks this worker wrote to LanceDB and Postgres has not yet recorded. */
  const written = new Set<string>();

  /**
   * Fails a document: its LanceDB chunks go first (those written before the failure, or of the version it
   * replaces), then Postgres marks it failed with no chunks. A crash in between leaves it claimed, to be
   * taken up again, never failed with chunks that search would serve. A document that never had chunks
   * costs no LanceDB write.
   */
  async function fail(work: DocumentWork, error: unknown): Promise<void> {
    const errorText = options.errorText ?? messageOnly;
    const message = LoreError.is(error)
      ? errorText(error)
      : error instanceof Error
        ? error.message
        : String(error);
    const { document } = work;
    if (written.has(document.id) || document.chunkCount > 0)
      await vectors.deleteDocuments({ collectionId: document.collectionId, documentIds: [document.id] });
    written.delete(document.id);
    await metadata.failDocument({ id: document.id, message });
    emit({ ...eventOf(work), status: 'failed', error: message });
  }

  async function prepare(work: DocumentWork): Promise<Prepared | null> {
    try {
      const document = { 'lore.document.id': work.document.id, 'lore.document.bytes': work.bytes.length };
      const loaded = await withSpan('lore.ingest.load', document, () =>
        loadDocument({
          bytes: work.bytes,
          fileName: work.fileName ?? undefined,
          mimeType: work.document.mimeType ?? undefined,
          ocr: options.ocr,
        }),
      );
      const tokenizer = await embedder.tokenizer();
      const chunks = await withSpan('lore.ingest.chunk', document, (span) => {
        const chunks = chunkDocument(loaded, { tokenizer, ...options.chunking });
        span.setAttribute('lore.chunks', chunks.length);
        return chunks;
      });
      return { work, loaded, chunks };
    } catch (error) {
      if (error instanceof LoreError && error.code === 'MODEL_UNAVAILABLE') throw error;
      await fail(work, error);
      return null;
    }
  }

  async function setStatus(works: DocumentWork[], status: 'parsing' | 'embedding'): Promise<void> {
    await metadata.updateDocumentsStatus({ ids: works.map((work) => work.document.id), status, leaseMs });
    for (const work of works) emit({ ...eventOf(work), status });
  }

  /** One batch of a collection's claimed documents, traced as `lore.ingest.job` with the jobs it serves. */
  function processBatch(claimed: DocumentWork[]): Promise<void> {
    const jobs = [...new Set(claimed.flatMap((work) => (work.document.jobId ? [work.document.jobId] : [])))];
    const attributes = {
      'lore.collection.id': claimed[0]?.document.collectionId ?? '',
      'lore.job.ids': jobs,
      'lore.documents': claimed.length,
    };
    return withSpan('lore.ingest.job', attributes, () => processClaimed(claimed));
  }

  async function processClaimed(claimed: DocumentWork[]): Promise<void> {
    await setStatus(claimed, 'parsing');
    const prepared: Prepared[] = [];
    for (const work of claimed) {
      const item = await prepare(work);
      if (item) prepared.push(item);
    }
    if (prepared.length === 0) return;
    await setStatus(
      prepared.map((item) => item.work),
      'embedding',
    );
    const texts = prepared.flatMap((item) => item.chunks.map((chunk) => chunk.text));
    const { embeddings } = await withSpan(
      'lore.ingest.embed',
      { 'lore.chunks': texts.length, 'lore.embedder.model': embedder.modelId },
      () => embedder.embed({ values: texts, kind: 'document' }),
    );
    const index = await indexRefFor(prepared[0]?.work.document.collectionId ?? '', embedder);

    const rows: IndexedChunk[] = [];
    let next = 0;
    for (const { work, loaded, chunks } of prepared) {
      const { document } = work;
      for (const chunk of chunks) {
        rows.push({
          searchText: keywordText({ title: document.title, text: loaded.text, chunks, index: chunk.index }),
          id: chunkId(document.id, document.contentHash, chunk.index),
          documentId: document.id,
          index: chunk.index,
          text: chunk.text,
          vector: embeddings[next++] ?? [],
          start: chunk.start,
          end: chunk.end,
          page: chunk.page ?? null,
        });
      }
    }
    // Vector store first, metadata second: a crash in between replays the same idempotent write.
    await withSpan('lore.ingest.write', { 'lore.chunks': rows.length }, () => write(prepared, index, rows));
    for (const { work } of prepared) {
      written.delete(work.document.id);
      emit({ ...eventOf(work), status: 'indexed' });
    }
  }

  async function write(prepared: Prepared[], index: IndexRef, rows: IndexedChunk[]): Promise<void> {
    await vectors.replaceDocumentChunks({
      index,
      documentIds: prepared.map((item) => item.work.document.id),
      chunks: rows,
    });
    for (const item of prepared) written.add(item.work.document.id);
    await metadata.completeDocuments({
      documents: prepared.map(({ work, loaded, chunks }) => ({
        id: work.document.id,
        content: loaded.text,
        ...(loaded.ocr ? { ocr: loaded.ocr } : {}),
        chunks: chunks.map(({ text: _text, ...chunk }) => ({
          ...chunk,
          id: chunkId(work.document.id, work.document.contentHash, chunk.index),
        })),
      })),
    });
  }

  async function runOnce(): Promise<number> {
    const claimed = await metadata.claimDocuments({ workerId: id, leaseMs, limit: batchSize });
    if (claimed.length === 0) return 0;
    // Vector tables are per collection: process each collection's documents as one batch.
    const byCollection = new Map<string, DocumentWork[]>();
    for (const work of claimed) {
      const list = byCollection.get(work.document.collectionId) ?? [];
      list.push(work);
      byCollection.set(work.document.collectionId, list);
    }
    for (const batch of byCollection.values()) {
      try {
        await processBatch(batch);
      } catch (error) {
        if (error instanceof LoreError && error.code === 'UNAVAILABLE') {
          // The database is down: failing the documents would make a passing outage permanent.
          // They stay claimed and are taken up again when their leases run out.
          options.onError?.(error);
          continue;
        }
        if (superseded(error)) {
          // One document was re-uploaded or deleted meanwhile: that is no fault of the others.
          for (const work of batch) await processAlone(work);
          continue;
        }
        await failBatch(batch, error);
      }
    }
    return claimed.length;
  }

  /**
   * Processes one document; one that was re-uploaded meanwhile is left to its newer claim, and one deleted
   * meanwhile (or whose collection was) loses the chunks this worker wrote after the delete cleared LanceDB.
   */
  async function processAlone(work: DocumentWork): Promise<void> {
    const { document } = work;
    try {
      if (await metadata.getDocument({ id: document.id })) await processBatch([work]);
    } catch (error) {
      if (!superseded(error)) await failBatch([work], error);
    }
    if (await metadata.getDocument({ id: document.id })) return;
    written.delete(document.id);
    const { collectionId } = document;
    const collections = await metadata.listCollections();
    // A deleted collection's tables were dropped before this worker wrote: drop what it wrote.
    if (!collections.some((collection) => collection.id === collectionId))
      await vectors.dropCollection({ collectionId });
    else await vectors.deleteDocuments({ collectionId, documentIds: [document.id] });
  }

  /** Embedding or storage failed for the whole batch: fail its documents with the reason. */
  async function failBatch(batch: DocumentWork[], error: unknown): Promise<void> {
    options.onError?.(error);
    for (const work of batch) {
      const current = await metadata.getDocument({ id: work.document.id });
      if (current && current.status !== 'indexed' && current.status !== 'failed') await fail(work, error);
    }
  }

  async function runLoop(): Promise<void> {
    while (running) {
      let taken = 0;
      try {
        taken = await runOnce();
      } catch (error) {
        options.onError?.(error);
      }
      if (taken > 0 || !running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        sleepers.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  function wakeAll(): void {
    for (const wake of sleepers) wake();
    sleepers.clear();
  }

  return {
    id,
    start() {
      if (running) return;
      running = true;
      // Two batches in flight: one is parsed and written while the other is embedded.
      loops = Array.from({ length: concurrency }, () => runLoop());
    },
    wake: wakeAll,
    runOnce,
    async stop() {
      running = false;
      wakeAll();
      await Promise.all(loops);
      loops = [];
    },
  };
}
