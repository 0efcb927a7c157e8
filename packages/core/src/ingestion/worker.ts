import { randomUUID } from 'node:crypto';
import { chunkDocument } from '../chunking/index.js';
import { LoreError } from '../errors.js';
import type { Chunk, LoadedDocument } from '../spec/document.js';
import type { Embedder } from '../spec/embedding.js';
import type { DocumentStatus, DocumentWork, MetadataStore } from '../spec/metadata-store.js';
import type { IndexedChunk, VectorStore } from '../spec/vector-store.js';
import { chunkId } from './ids.js';
import { indexRefFor } from './index-ref.js';
import { loadDocument } from './loaders/index.js';

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
  chunking?: { maxTokens?: number; overlapTokens?: number };
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
  /** Stops the loop after the batch in flight. */
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

/** Creates a worker; several may run against one database (claims are leased). */
export function createIngestionWorker(options: IngestionWorkerOptions): IngestionWorker {
  const { metadata, vectors, embedder } = options;
  const id = `worker-${randomUUID()}`;
  const batchSize = options.batchSize ?? 64;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 1_000;
  const emit = (event: IngestionEvent) => options.onEvent?.(event);

  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;

  async function fail(work: DocumentWork, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await metadata.failDocument({ id: work.document.id, message });
    emit({ ...eventOf(work), status: 'failed', error: message });
  }

  async function prepare(work: DocumentWork): Promise<Prepared | null> {
    const { document } = work;
    try {
      await metadata.updateDocumentStatus({ id: document.id, status: 'parsing', leaseMs });
      emit({ ...eventOf(work), status: 'parsing' });
      const loaded = await loadDocument({
        bytes: work.bytes,
        fileName: work.fileName ?? undefined,
        mimeType: document.mimeType ?? undefined,
      });
      const tokenizer = await embedder.tokenizer();
      const chunks = chunkDocument(loaded, { tokenizer, ...options.chunking });
      return { work, loaded, chunks };
    } catch (error) {
      if (error instanceof LoreError && error.code === 'MODEL_UNAVAILABLE') throw error;
      await fail(work, error);
      return null;
    }
  }

  async function processBatch(claimed: DocumentWork[]): Promise<void> {
    const prepared: Prepared[] = [];
    for (const work of claimed) {
      const item = await prepare(work);
      if (item) prepared.push(item);
    }
    if (prepared.length === 0) return;
    for (const { work } of prepared) {
      await metadata.updateDocumentStatus({ id: work.document.id, status: 'embedding', leaseMs });
      emit({ ...eventOf(work), status: 'embedding' });
    }
    const texts = prepared.flatMap((item) => item.chunks.map((chunk) => chunk.text));
    const { embeddings } = await embedder.embed({ values: texts, kind: 'document' });
    const index = await indexRefFor(prepared[0]?.work.document.collectionId ?? '', embedder);

    const rows: IndexedChunk[] = [];
    let next = 0;
    for (const { work, chunks } of prepared) {
      const { document } = work;
      for (const chunk of chunks) {
        rows.push({
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
    await vectors.replaceDocumentChunks({
      index,
      documentIds: prepared.map((item) => item.work.document.id),
      chunks: rows,
    });
    for (const { work, loaded, chunks } of prepared) {
      const { document } = work;
      await metadata.completeDocument({
        id: document.id,
        content: loaded.text,
        chunks: chunks.map(({ text: _text, ...chunk }) => ({
          ...chunk,
          id: chunkId(document.id, document.contentHash, chunk.index),
        })),
      });
      emit({ ...eventOf(work), status: 'indexed' });
    }
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
        // Embedding or storage failed for the whole batch: fail its documents with the reason.
        options.onError?.(error);
        for (const work of batch) {
          const current = await metadata.getDocument({ id: work.document.id });
          if (current && current.status !== 'indexed' && current.status !== 'failed') await fail(work, error);
        }
      }
    }
    return claimed.length;
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
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  return {
    id,
    start() {
      if (running) return;
      running = true;
      loop = runLoop();
    },
    wake() {
      wakeUp?.();
    },
    runOnce,
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = null;
    },
  };
}
