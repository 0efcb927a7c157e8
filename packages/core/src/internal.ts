// `@lore/core/internal`: the parts the facade is wired from, for Lore's own tests, benchmarks and apps.
// Not a stable API: names here may change with any release.
export { createCollections } from './lore/collections.js';
export { createFusionProfiles, type FusionProfiles } from './retrieval/fusion-profiles.js';
export { createRetrieval, type Retrieval, type RetrievalContext } from './retrieval/retrieve.js';
