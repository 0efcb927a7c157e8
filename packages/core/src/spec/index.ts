export type * from './chat-store.js';
export type * from './document.js';
export type * from './embedding.js';
export type * from './language-model.js';
export type * from './metadata-store.js';
export type * from './source-store.js';
export type * from './vector-store.js';
