export { type ChunkOptions, chunkDocument } from './chunk-document.js';
