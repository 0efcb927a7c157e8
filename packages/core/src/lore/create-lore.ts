import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataDirLock, lockDataDir } from '../data-dir-lock.js';
import type { Embedder } from '../spec/embedding.js';
import type { LanguageModel } from '../spec/language-model.js';
import { withConnectionErrors } from '../storage/connection-errors.js';
import { createDatabase } from '../storage/database.js';
import { createLanceVectorStore } from '../storage/lance-vector-store.js';
import { createPostgresChatStore } from '../storage/postgres-chat-store.js';
import { createPostgresMetadataStore } from '../storage/postgres-metadata-store.js';
import { createPostgresSourceStore } from '../storage/postgres-source-store.js';
import { createLoreFromServices } from './index.js';
import type { Lore, LoreServices } from './types.js';

export interface CreateLoreOptions {
  /** Where PGlite and LanceDB keep their files; a fresh temporary folder when omitted. */
  dataDir?: string;
  /** A PostgreSQL server for metadata instead of embedded PGlite. */
  databaseUrl?: string;
  /** LanceDB location (a folder or an object-store URI); defaults to `<dataDir>/lance`. */
  lanceUri?: string;
  embedder: Embedder;
  languageModel?: LanguageModel;
  worker?: LoreServices['worker'];
  workerOptions?: LoreServices['workerOptions'];
  chunking?: LoreServices['chunking'];
  ocr?: LoreServices['ocr'];
  onWorkerError?: LoreServices['onWorkerError'];
  uploadLimits?: LoreServices['uploadLimits'];
  sourceOptions?: LoreServices['sourceOptions'];
  errorText?: LoreServices['errorText'];
}

/** Opens (or creates) a Lore data folder and returns the in-process API. Call `close()` when done. */
export async function createLore(options: CreateLoreOptions): Promise<Lore> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'lore-')));
  // Embedded PGlite allows one process per folder: take the folder before opening anything.
  const lock: DataDirLock | null = options.databaseUrl ? null : await lockDataDir(dataDir);
  try {
    const database = await createDatabase(
      options.databaseUrl ? { url: options.databaseUrl } : { dataDir: join(dataDir, 'pg') },
    );
    // A lost Postgres connection becomes UNAVAILABLE (503) instead of an unexpected error.
    const reconnect = database.reconnect?.bind(database);
    const metadata = withConnectionErrors(createPostgresMetadataStore(database), 'metadata', reconnect);
    // With PGlite this process is the only one using the database: claims left by a killed
    // process can be taken over at once instead of waiting for their leases to expire.
    if (database.driver === 'pglite') await metadata.releaseLeases();
    const vectors = await createLanceVectorStore({ uri: options.lanceUri ?? join(dataDir, 'lance') });
    const chats = withConnectionErrors(createPostgresChatStore(database), 'chat', reconnect);
    const sources = withConnectionErrors(createPostgresSourceStore(database), 'metadata', reconnect);
    return createLoreFromServices({
      ...options,
      metadata,
      vectors,
      chats,
      sources,
      embedder: options.embedder,
      onClose: async () => {
        await lock?.release();
      },
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
}
