import { sql } from 'drizzle-orm';
import { type CreateDatabaseOptions, createDatabase, type Database } from '../database.js';
import { createPostgresMetadataStore } from '../postgres-metadata-store.js';
import type { MetadataStoreFixture } from './metadata-store-suite.js';

/** Opens a Postgres-backed store over `options` for the conformance suite; `dispose` runs after closing. */
export async function openPostgresFixture(
  options: CreateDatabaseOptions,
  dispose: () => Promise<void> = async () => {},
  persistent = true,
): Promise<MetadataStoreFixture> {
  let database: Database = await createDatabase(options);
  let store = createPostgresMetadataStore(database);
  return {
    get store() {
      return store;
    },
    reset: async () => {
      await database.db.execute(sql`truncate collections, jobs, documents, document_sources, chunks cascade`);
    },
    ...(persistent
      ? {
          reopen: async () => {
            await store.close();
            database = await createDatabase(options);
            store = createPostgresMetadataStore(database);
          },
        }
      : {}),
    cleanup: async () => {
      await store.close();
      await dispose();
    },
  };
}
