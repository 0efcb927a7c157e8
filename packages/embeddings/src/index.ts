export type { BatchQueueOptions } from './batch-queue.js';
export { createBatchQueue } from './batch-queue.js';
export type { Logger, ModelDevice } from './device.js';
export {
  DEFAULT_EMBEDDING_MODEL,
  DEFAULT_RERANKER_MODEL,
  type EmbeddingModelPreset,
  knownModels,
  type ModelDtype,
  type Pooling,
  presetFor,
} from './known-models.js';
export { type ModelLocation, type ModelSource, resolveModelSource } from './model-source.js';
export {
  createConsoleProgress,
  type ModelProgressEvent,
  type ProgressListener,
  type ProgressStream,
} from './progress.js';
export {
  createTransformersEmbedder,
  type EmbedderStats,
  type TransformersEmbedder,
  type TransformersEmbedderSettings,
} from './transformers-embedder.js';
export { createTransformersReranker, type TransformersRerankerSettings } from './transformers-reranker.js';
