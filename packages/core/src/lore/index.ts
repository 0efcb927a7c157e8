import { createApiKeys } from '../access/api-keys.js';
import { closeOcr } from '../ingestion/loaders/ocr.js';
import { defaultUploadLimits } from '../ingestion/loaders/upload-check.js';
import { createIngestionWorker, type IngestionWorker } from '../ingestion/worker.js';
import { runDoctor } from '../maintenance/doctor.js';
import { createRetrieval } from '../retrieval/retrieve.js';
import { createSourceScheduler } from '../sources/scheduler.js';
import { createSources } from '../sources/sources.js';
import { traceLanguageModel, withSpan } from '../tracing/index.js';
import { createAsk } from './ask.js';
import { createCollections } from './collections.js';
import { createDocuments, createIngest } from './documents.js';
import { createIngestionEvents, createJobs } from './jobs.js';
import type { Lore, LoreServices } from './types.js';

/** Wires stores and models into a Lore instance; the caller owns nothing it passed in after this. */
export function createLoreFromServices(services: LoreServices): Lore {
  const { metadata, vectors, embedder } = services;
  const languageModel = services.languageModel && traceLanguageModel(services.languageModel);
  const retrieval = createRetrieval({
    metadata,
    vectors,
    embedder,
    languageModel,
    reranker: services.reranker,
  });
  const events = createIngestionEvents();
  const worker: IngestionWorker | null =
    services.worker === false
      ? null
      : createIngestionWorker({
          metadata,
          vectors,
          embedder,
          ...services.workerOptions,
          chunking: services.chunking,
          ocr: services.ocr,
          errorText: services.errorText,
          onEvent: (event) => {
            if (event.status === 'indexed' && event.collectionId)
              retrieval.documentsChanged(event.collectionId);
            events.emit(event);
          },
          onError: services.onWorkerError,
        });
  worker?.start();

  const collections = createCollections({ metadata, vectors, retrieval });
  const documents = createDocuments({ metadata, vectors, retrieval, collections });
  const jobs = createJobs({ metadata, events });
  const retrieve: Lore['search'] = async (options) =>
    retrieval.search(await collections.get(options.collection), options);
  const search: Lore['search'] = (options) =>
    withSpan('lore.search', { 'lore.collection': options.collection }, () => retrieve(options));
  const uploadLimits = { ...defaultUploadLimits, ...services.uploadLimits };
  const sources = createSources({
    store: services.sources,
    vectors,
    collections,
    jobs,
    uploadLimits,
    allowedRoots: services.sourceOptions?.allowedRoots,
    fetchPolicy: services.sourceOptions?.fetch,
    errorText: services.errorText,
    changed: (collectionId) => {
      retrieval.documentsChanged(collectionId);
      worker?.wake();
    },
  });
  const scheduler =
    worker && services.sources
      ? createSourceScheduler({
          store: services.sources,
          sync: (id) => sources.sync(id),
          pollMs: services.sourceOptions?.pollMs,
          onError: services.onWorkerError,
        })
      : null;
  scheduler?.start();
  const ask = createAsk({
    languageModel,
    chats: services.chats,
    search: retrieve,
    collections,
    documents,
    chunks: (documentId) => metadata.getChunks({ documentId }),
  });

  return {
    ask: ask.ask,
    askStream: ask.askStream,
    chats: ask.chats,
    generateObject: ask.generateObject,
    runAgent: ask.runAgent,
    classify: ask.classify,
    embedder,
    languageModel,
    collections,
    documents,
    jobs,
    ingest: createIngest({
      metadata,
      collections,
      jobs,
      uploadLimits,
      wakeWorker: () => worker?.wake(),
    }),
    keys: createApiKeys(metadata),
    sources,
    search,
    onIngestionEvent: events.subscribe,
    async doctor(options) {
      const report = await runDoctor({ metadata, vectors, embedder }, options);
      if (options?.repair) {
        for (const collection of await metadata.listCollections()) retrieval.documentsChanged(collection.id);
      }
      worker?.wake();
      return report;
    },
    async close() {
      await scheduler?.stop();
      await worker?.stop();
      await embedder.close();
      await closeOcr();
      await languageModel?.close();
      await vectors.close();
      await metadata.close();
      await services.onClose?.();
    },
  };
}
