import { createHash } from 'node:crypto';
import { LoreError } from '../../errors.js';
import type { IndexRef } from '../../spec/vector-store.js';

const collectionIdPattern = /^[A-Za-z0-9-]+$/;

/** The prefix shared by every table of a collection. */
export function collectionPrefix(collectionId: string): string {
  if (!collectionIdPattern.test(collectionId)) {
    throw new LoreError(
      'BAD_REQUEST',
      `Collection id "${collectionId}" cannot name a LanceDB table: use letters, digits and hyphens (a uuid).`,
    );
  }
  return `${collectionId}__`;
}

/**
 * One table per collection, embedder and dimension count, e.g. `<uuid>__transformers-use-lite-en-1a2b3c4d__512`:
 * the slug keeps it readable, the hash keeps two embedder ids with the same slug apart.
 */
export function tableName(index: IndexRef): string {
  if (!Number.isInteger(index.dimensions) || index.dimensions < 1) {
    throw new LoreError(
      'BAD_REQUEST',
      `Index dimensions must be a positive integer, got ${index.dimensions}.`,
    );
  }
  const slug = index.embedderId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  const hash = createHash('sha256').update(index.embedderId).digest('hex').slice(0, 8);
  return `${collectionPrefix(index.collectionId)}${slug}-${hash}__${index.dimensions}`;
}

/** A SQL string literal for LanceDB filters. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `document_id IN (…)` for a list of ids, escaped. */
export function documentFilter(documentIds: readonly string[]): string {
  return `document_id IN (${documentIds.map(quote).join(', ')})`;
}
