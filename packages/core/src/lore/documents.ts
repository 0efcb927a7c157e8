import { LoreError } from '../errors.js';
import type { UploadLimits } from '../ingestion/loaders/upload-check.js';
import { toNewDocuments } from '../ingestion/new-document.js';
import type { Retrieval } from '../retrieval/retrieve.js';
import type { DocumentRecord, MetadataStore } from '../spec/metadata-store.js';
import type { VectorStore } from '../spec/vector-store.js';
import type { Lore } from './types.js';

interface DocumentsContext {
  metadata: MetadataStore;
  vectors: VectorStore;
  retrieval: Retrieval;
  collections: Pick<Lore['collections'], 'get'>;
}

/** Documents: read, read their text, delete (with their vectors). */
export function createDocuments(context: DocumentsContext): Lore['documents'] {
  const { metadata, vectors, retrieval, collections } = context;
  const get = async (id: string): Promise<DocumentRecord> => {
    const document = await metadata.getDocument({ id });
    if (!document) throw new LoreError('NOT_FOUND', `Document ${id} does not exist.`);
    return document;
  };
  return {
    async list(collection) {
      return metadata.listDocuments({ collectionId: (await collections.get(collection)).id });
    },
    get,
    async content(id) {
      await get(id);
      const content = await metadata.getDocumentContent({ id });
      if (content == null) throw new LoreError('CONFLICT', `Document ${id} is not indexed yet.`);
      return content;
    },
    async delete(id) {
      const document = await get(id);
      await metadata.deleteDocument({ id });
      await vectors.deleteDocuments({ collectionId: document.collectionId, documentIds: [id] });
      retrieval.documentsChanged(document.collectionId);
    },
  };
}

/** `ingest`: checks and enqueues the documents, wakes the worker, and waits for the job when asked. */
export function createIngest(
  context: Omit<DocumentsContext, 'vectors' | 'retrieval'> & {
    jobs: Lore['jobs'];
    uploadLimits: UploadLimits;
    wakeWorker: () => void;
  },
): Lore['ingest'] {
  const { metadata, collections, jobs } = context;
  return async (options) => {
    const collection = await collections.get(options.collection);
    const documents = await toNewDocuments(options.documents, context.uploadLimits);
    const { job, documents: enqueued } = await metadata.enqueue({ collectionId: collection.id, documents });
    context.wakeWorker();
    let current = job;
    if (options.wait) {
      for await (const update of jobs.watch(job.id, { abortSignal: options.abortSignal })) {
        current = update;
        options.onProgress?.(update);
      }
      if (options.abortSignal?.aborted)
        throw new LoreError('ABORTED', 'Stopped waiting for the ingestion job.');
    }
    const latest = new Map(
      (await metadata.getDocuments({ ids: enqueued.map(({ document }) => document.id) })).map((document) => [
        document.id,
        document,
      ]),
    );
    // A document deleted meanwhile is reported as it was enqueued.
    return { job: current, documents: enqueued.map(({ document }) => latest.get(document.id) ?? document) };
  };
}
