import { asc, eq } from 'drizzle-orm';
import { LoreError } from '../../errors.js';
import type { Collection } from '../../spec/metadata-store.js';
import type { LoreDatabase } from '../database.js';
import { collections } from '../schema.js';
import { isUuid, toCollection } from './records.js';

/** Creates a collection; a taken name is a CONFLICT. */
export async function createCollection(db: LoreDatabase, name: string): Promise<Collection> {
  const [row] = await db.insert(collections).values({ name }).onConflictDoNothing().returning();
  if (!row) {
    throw new LoreError(
      'CONFLICT',
      `A collection named "${name}" exists already: use it or pick another name.`,
    );
  }
  return toCollection(row);
}

/** Finds a collection by name. */
export async function getCollection(db: LoreDatabase, name: string): Promise<Collection | null> {
  const [row] = await db.select().from(collections).where(eq(collections.name, name));
  return row ? toCollection(row) : null;
}

/** All collections, oldest first. */
export async function listCollections(db: LoreDatabase): Promise<Collection[]> {
  const rows = await db.select().from(collections).orderBy(asc(collections.createdAt), asc(collections.name));
  return rows.map(toCollection);
}

/** Deletes a collection; its documents, sources, chunks and jobs go with it (foreign keys cascade). */
export async function deleteCollection(db: LoreDatabase, id: string): Promise<void> {
  if (!isUuid(id)) throw new LoreError('NOT_FOUND', `No collection with id ${id}: list collections.`);
  const deleted = await db
    .delete(collections)
    .where(eq(collections.id, id))
    .returning({ id: collections.id });
  if (deleted.length === 0)
    throw new LoreError('NOT_FOUND', `No collection with id ${id}: list collections.`);
}
