import type { SourceStore } from '../spec/source-store.js';
import type { Database } from './database.js';
import { createSourceStore } from './metadata/sources.js';

/** A `SourceStore` over the metadata database (PGlite or a Postgres server); the database's owner closes it. */
export function createPostgresSourceStore(database: Database): SourceStore {
  return createSourceStore(database.db, database.driver);
}
