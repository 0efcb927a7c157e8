import { asc, eq, or } from 'drizzle-orm';
import type { ApiKeyRecord, ApiKeyScope } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { apiKeys } from '../schema.js';
import { isUuid } from './records.js';

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKeyRecord {
  return {
    id: row.id,
    prefix: row.prefix,
    hash: row.hash,
    name: row.name,
    scopes: row.scopes as ApiKeyScope[],
    collections: row.collections ?? null,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

/** Stores a new key (its hash, never the secret). */
export async function createApiKey(
  db: LoreDatabase,
  key: Omit<ApiKeyRecord, 'id' | 'createdAt' | 'revokedAt'>,
): Promise<ApiKeyRecord> {
  const [row] = await db.insert(apiKeys).values(key).returning();
  if (!row) throw new Error('insert into api_keys returned no row');
  return toApiKey(row);
}

/** The key with this prefix, or null. */
export async function getApiKey(db: LoreDatabase, prefix: string): Promise<ApiKeyRecord | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix));
  return row ? toApiKey(row) : null;
}

/** Every key, oldest first. */
export async function listApiKeys(db: LoreDatabase): Promise<ApiKeyRecord[]> {
  const rows = await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.prefix));
  return rows.map(toApiKey);
}

/** Marks a key revoked by id or prefix; false when there is none. */
export async function revokeApiKey(db: LoreDatabase, idOrPrefix: string): Promise<boolean> {
  const match = isUuid(idOrPrefix)
    ? or(eq(apiKeys.id, idOrPrefix), eq(apiKeys.prefix, idOrPrefix))
    : eq(apiKeys.prefix, idOrPrefix);
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(match)
    .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
  return rows.length > 0;
}
