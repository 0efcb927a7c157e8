export { type CreateDatabaseOptions, createDatabase, type Database, type LoreDatabase } from './database.js';
export { type CreateLanceVectorStoreOptions, createLanceVectorStore } from './lance-vector-store.js';
export { createPostgresChatStore } from './postgres-chat-store.js';
export { createPostgresMetadataStore } from './postgres-metadata-store.js';
export { createPostgresSourceStore } from './postgres-source-store.js';
export * as schema from './schema.js';
