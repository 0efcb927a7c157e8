// The defaults and limits that the wire contract states (@lore/core/defaults): plain values with no heavy
// imports, so @lore/contract, the client and the web UI can use them without loading storage or models.
export { builtinToolNames } from './agents/builtin-tool-names.js';
export { defaultUploadLimits, type UploadLimits, valueDepth } from './ingestion/loaders/upload-limits.js';
export { retrievalDefaults } from './retrieval/defaults.js';
