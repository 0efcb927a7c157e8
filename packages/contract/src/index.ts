/**
 * The wire contract of a Lore server: the API validates and documents with these schemas, and
 * `@lore/client` and the web UI take their types from them.
 */
export * from './agents.js';
export * from './ask.js';
export * from './chats.js';
export * from './collections.js';
export * from './common.js';
export * from './generation.js';
export * from './keys.js';
export * from './models.js';
export * from './openai.js';
export * from './search.js';
export * from './sources.js';
