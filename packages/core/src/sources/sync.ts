import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type ErrorText, LoreError } from '../errors.js';
import { contentHash } from '../ingestion/ids.js';
import type { UploadLimits } from '../ingestion/loaders/upload-check.js';
import type { SourceFile, SourceRecord, SourceStore } from '../spec/source-store.js';
import type { VectorStore } from '../spec/vector-store.js';
import { commitPlan, type SyncResult } from './commit-plan.js';
import { type HashedFile, planSync } from './plan.js';
import { syncUrlSource } from './url-sync.js';
import { checkFolder, type FoundFile, hashFile, walkFolder } from './walk.js';
import type { FetchPolicy } from './web/safe-fetch.js';

export interface SyncContext {
  store: SourceStore;
  vectors: VectorStore;
  uploadLimits: UploadLimits;
  allowedRoots?: readonly string[];
  /** How URL sources fetch pages. */
  fetchPolicy?: FetchPolicy;
  /** How a skipped entry's reason is worded. */
  errorText: ErrorText;
  abortSignal?: AbortSignal;
}

/** Syncs a source of either kind. */
export function syncSource(context: SyncContext, source: SourceRecord): Promise<SyncResult> {
  return source.kind === 'url' ? syncUrlSource(context, source) : syncFolderSource(context, source);
}

/**
 * Syncs a folder source: walks the folder, hashes each file, compares with the source's documents and
 * commits the plan (`commitPlan`).
 */
async function syncFolderSource(context: SyncContext, source: SourceRecord): Promise<SyncResult> {
  const { store } = context;
  const folder = await checkFolder(source.location, context.allowedRoots).catch((error: unknown) => {
    // A folder that vanished (an unmounted disk) must not empty the collection.
    throw LoreError.is(error) ? error.prefixed('Not syncing: ') : error;
  });
  const maxBytes = context.uploadLimits.maxFileBytes;
  const skipped: SyncResult['skipped'] = [];
  const found = new Map<string, FoundFile>();
  const hashed: HashedFile[] = [];
  for (const file of await walkFolder(folder)) {
    if (file.size > maxBytes) {
      skipped.push({
        path: file.path,
        reason: `${file.size} bytes, more than the ${maxBytes} allowed per file`,
      });
      continue;
    }
    const hash = await hashFile(file.absolute);
    if (hash === null) continue; // removed since the walk: as if never there
    found.set(file.path, file);
    hashed.push({ path: file.path, contentHash: hash });
  }
  const plan = planSync(hashed, await store.listSourceDocuments({ sourceId: source.id }));
  return commitPlan(context, source, plan, {
    rename: (rename) => ({
      documentId: rename.documentId,
      contentHash: rename.contentHash,
      path: rename.to,
      title: rename.to,
    }),
    read: async (path) => {
      const file = found.get(path);
      return file && readSourceFile(file, source);
    },
    skipped,
  });
}

/** Reads a file as the document to queue; a reason instead when it cannot be read. */
async function readSourceFile(
  file: FoundFile,
  source: SourceRecord,
): Promise<SourceFile | { reason: string }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file.absolute));
  } catch (error) {
    return { reason: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  return {
    path: file.path,
    title: file.path,
    mimeType: null,
    fileName: basename(file.absolute),
    contentHash: contentHash(bytes),
    bytes,
    metadata: { source: source.id, path: file.path },
  };
}
