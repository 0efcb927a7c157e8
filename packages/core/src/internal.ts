// `@lore/core/internal`: the parts Lore is wired from, for Lore's own apps, tests and benchmarks.
// Not a stable API: any release may change these names. An app built on the SDK imports `@lore/core`.
export { createApiKeys } from './access/api-keys.js';
export * from './agents/index.js';
export * from './chunking/index.js';
export * from './classification/index.js';
export * from './generation/index.js';
export * from './ingestion/ids.js';
export * from './ingestion/loaders/index.js';
export * from './ingestion/new-document.js';
export * from './ingestion/worker.js';
export { createAsk } from './lore/ask.js';
export { createCollections } from './lore/collections.js';
export { createDocuments, createIngest } from './lore/documents.js';
export { createIngestionEvents, createJobs, type IngestionEvents } from './lore/jobs.js';
export { runDoctor } from './maintenance/doctor.js';
export * from './retrieval/fusion.js';
export { createFusionProfiles, type FusionProfiles } from './retrieval/fusion-profiles.js';
export { rerankResults } from './retrieval/rerank-results.js';
export { createRetrieval, type Retrieval, type RetrievalContext } from './retrieval/retrieve.js';
export { type SearchContext, searchCollection } from './retrieval/search.js';
export { type LoreDatabase, schema } from './storage/index.js';
export { indexRefFor } from './storage/index-ref.js';
