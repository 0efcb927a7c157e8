export { type ChunkOptions, chunkDocument } from './chunk-document.js';
export * from './keyword-text.js';
