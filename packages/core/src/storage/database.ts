import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { LoreError } from '../errors.js';
import * as schema from './schema.js';

/** A drizzle database over the Lore schema, whichever driver sits below it. */
export type LoreDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database: the drizzle handle, which driver it uses, and `close()`. */
export interface Database {
  readonly db: LoreDatabase;
  readonly driver: 'pglite' | 'postgres';
  /**
   * Replaces the connection pool (Postgres server only): postgres.js can leave a connection waiting
   * forever when the server closed it while starting or stopping (porsager/postgres#1193).
   */
  reconnect?(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** A PostgreSQL server URL (`DATABASE_URL`); when set, postgres.js is used. */
  url?: string;
  /** Folder for embedded PGlite data; in memory when neither this nor `url` is set. */
  dataDir?: string;
  /** Folder holding the drizzle-kit migrations; defaults to the repository's `migrations/`. */
  migrationsFolder?: string;
  /** Connections in the postgres.js pool (default 10). */
  maxConnections?: number;
}

/** `packages/core/{src,dist}/storage/` → repository root. */
const defaultMigrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../migrations');

/** Any number that is the same in every process: the key of the advisory lock held while migrating. */
const migrationLockKey = 7_210_452_301;

/** Opens the metadata database (a Postgres server or embedded PGlite) and brings its schema up to date. */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<Database> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder;
  if (!existsSync(join(migrationsFolder, 'meta', '_journal.json'))) {
    throw new LoreError(
      'STORAGE',
      `No drizzle migrations in ${migrationsFolder}: pass \`migrationsFolder\` or run \`npm run db:generate\` in the repository.`,
    );
  }
  return options.url
    ? openPostgres(options.url, migrationsFolder, options.maxConnections ?? 10)
    : openPglite(options.dataDir, migrationsFolder);
}

async function openPostgres(url: string, migrationsFolder: string, max: number): Promise<Database> {
  // One dedicated connection holds a session advisory lock, so two processes starting at once
  // migrate one after the other instead of racing on drizzle's bookkeeping table.
  const migrator = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(${migrationLockKey})`;
    await migratePostgres(drizzlePostgres(migrator), { migrationsFolder });
    await migrator`select pg_advisory_unlock(${migrationLockKey})`;
  } catch (error) {
    throw storageError(`Could not migrate the database at ${redact(url)}`, migrationsFolder, error);
  } finally {
    await migrator.end();
  }
  const connect = () => {
    const client = postgres(url, { max, onnotice: () => {} });
    return { client, db: drizzlePostgres(client, { schema }) as LoreDatabase };
  };
  let current = connect();
  // Callers keep this handle; `reconnect` swaps the pool below it.
  const db = new Proxy({} as LoreDatabase, {
    get(_target, property) {
      const value = Reflect.get(current.db, property, current.db);
      return typeof value === 'function' ? value.bind(current.db) : value;
    },
  });
  return {
    db,
    driver: 'postgres',
    async reconnect() {
      const stale = current.client;
      current = connect();
      await stale.end({ timeout: 0 });
    },
    // Bounded: a query stuck on a connection the server dropped must not hold shutdown open.
    close: () => current.client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string | undefined, migrationsFolder: string): Promise<Database> {
  let client: PGlite | undefined;
  try {
    if (dataDir) await mkdir(dataDir, { recursive: true });
    client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...byteaCodec });
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    const opened = client;
    return { db: db as LoreDatabase, driver: 'pglite', close: () => opened.close() };
  } catch (error) {
    await client?.close().catch(() => {});
    const where = dataDir ? `PGlite in ${dataDir}` : 'in-memory PGlite';
    throw storageError(
      `Could not open ${where} (only one process may open a data folder)`,
      migrationsFolder,
      error,
    );
  }
}

/** PostgreSQL's type id for `bytea`. */
const BYTEA = 17;

/**
 * PGlite moves `bytea` as hex text converted one byte at a time in JavaScript, which made storing and
 * claiming uploads a large part of ingestion. Parameters go in PostgreSQL's binary format instead (the
 * raw bytes; PGlite sends a Uint8Array that way) and results are decoded by Buffer's native hex codec.
 */
const byteaCodec = {
  serializers: {
    [BYTEA]: (value: unknown) => {
      if (!(value instanceof Uint8Array)) throw new TypeError('A bytea parameter must be a Uint8Array.');
      return value as unknown as string; // typed as text, but PGlite sends a Uint8Array in binary format
    },
  },
  parsers: {
    [BYTEA]: (value: string) => {
      const decoded = Buffer.from(value.slice(2), 'hex');
      // Copied out: a small Buffer is a view into a pool shared with unrelated Buffers.
      const bytes = new Uint8Array(decoded.length);
      bytes.set(decoded);
      return bytes;
    },
  },
};

function storageError(what: string, migrationsFolder: string, cause: unknown): LoreError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new LoreError(
    'STORAGE',
    `${what}: ${reason}. Check that the database is reachable and that ${migrationsFolder} holds the migrations generated by \`npm run db:generate\`.`,
    { cause },
  );
}

/** Hides the password in a connection URL before it goes into a message. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the given URL';
  }
}
