import { AsyncLocalStorage } from 'node:async_hooks';
import { LoreError } from '../errors.js';
import type { ApiKeyScope } from '../spec/metadata-store.js';

/** What the caller of the current request may do and see. */
export interface Access {
  /** The API key in use; null when the server runs without keys (local use). */
  keyId: string | null;
  scopes: readonly ApiKeyScope[];
  /** Collection names the caller may see; null: all of them. */
  collections: readonly string[] | null;
}

/** Every scope on every collection: a local server without keys. */
export const fullAccess: Access = Object.freeze({
  keyId: null,
  scopes: Object.freeze(['read', 'ingest', 'admin'] as const),
  collections: null,
});

const storage = new AsyncLocalStorage<Access>();

/** Runs `work` (and everything it starts) with this access; the scoped Lore reads it. */
export function runWithAccess<T>(access: Access, work: () => T): T {
  return storage.run(access, work);
}

/** The access of the running request; fails closed when none was set. */
export function currentAccess(): Access {
  const access = storage.getStore();
  if (!access) throw new LoreError('UNAUTHORIZED', 'No access was established for this request.');
  return access;
}

/** Whether the access lets its holder see the named collection. */
export function canSeeCollection(access: Access, name: string): boolean {
  return access.collections === null || access.collections.includes(name);
}
