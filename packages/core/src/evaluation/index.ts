// `@lore/core/evaluation`: BEIR datasets, key-phrase questions and ranking metrics (`lore eval`, the benchmarks).
export * from './beir.js';
export * from './key-phrases.js';
export * from './metrics.js';
