import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LoreError } from '../errors.js';
import { contentHash } from '../ingestion/ids.js';
import { checkIngestInput, type UploadLimits } from '../ingestion/loaders/upload-check.js';
import type { JobRecord } from '../spec/metadata-store.js';
import type { SourceChanges, SourceFile, SourceRecord, SourceStore } from '../spec/source-store.js';
import type { VectorStore } from '../spec/vector-store.js';
import { type HashedFile, planSync } from './plan.js';
import { checkFolder, type FoundFile, hashFile, walkFolder } from './walk.js';

/** What one sync did; `job` ingests the added and changed files. */
export interface SyncResult {
  source: SourceRecord;
  job: JobRecord;
  added: number;
  changed: number;
  renamed: number;
  deleted: number;
  unchanged: number;
  /** Files left out, with the reason (too large, unreadable, a type Lore cannot read by its content). */
  skipped: { path: string; reason: string }[];
}

export interface SyncContext {
  store: SourceStore;
  vectors: VectorStore;
  uploadLimits: UploadLimits;
  allowedRoots?: readonly string[];
}

/** Files read and queued per transaction: a first sync of a large folder is not held in memory at once. */
const batchBytes = 32 * 1024 * 1024;
const batchFiles = 256;

/**
 * Syncs a folder source: walks the folder, hashes each file, and compares with the source's documents.
 * Renames and deletions are applied, and new and changed files queued under one job, in transactions of
 * a bounded size; deleted documents lose their vectors first. A sync stopped half-way (a crash) leaves
 * every transaction whole, and the next sync, comparing by hash again, does what is left.
 */
export async function syncSource(context: SyncContext, source: SourceRecord): Promise<SyncResult> {
  const { store, vectors } = context;
  const folder = await checkFolder(source.location, context.allowedRoots).catch((error: unknown) => {
    // A folder that vanished (an unmounted disk) must not empty the collection.
    throw LoreError.is(error)
      ? new LoreError(error.code, `Not syncing: ${error.message}`, { cause: error })
      : error;
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
  const toIngest = [...plan.added, ...plan.changed].sort();

  let job = await store.startSync({ sourceId: source.id, total: toIngest.length });
  const deletions = plan.deleted.map((document) => document.id);
  // Vectors first: a crash before the metadata commits leaves the documents listed, to be deleted next time.
  if (deletions.length > 0)
    await vectors.deleteDocuments({ collectionId: source.collectionId, documentIds: deletions });

  let changes: SourceChanges = {
    renames: plan.renamed.map((rename) => ({
      documentId: rename.documentId,
      contentHash: rename.contentHash,
      path: rename.to,
      title: rename.to,
    })),
    deletions,
    documents: [],
  };
  let bytesHeld = 0;
  let queued = 0;
  const flush = async () => {
    queued += await store.applySyncChanges({ sourceId: source.id, jobId: job.id, changes });
    changes = { renames: [], deletions: [], documents: [] };
    bytesHeld = 0;
  };
  for (const path of toIngest) {
    const file = found.get(path);
    if (!file) continue;
    const read = await readSourceFile(file, source, context.uploadLimits);
    if ('reason' in read) {
      skipped.push({ path, reason: read.reason });
      continue;
    }
    changes.documents.push(read);
    bytesHeld += read.bytes.byteLength;
    if (bytesHeld >= batchBytes || changes.documents.length >= batchFiles) await flush();
  }
  if (changes.documents.length > 0 || changes.renames.length > 0 || changes.deletions.length > 0)
    await flush();
  job = await store.finishSync({ sourceId: source.id, jobId: job.id, queued });
  const current = (await store.getSource({ id: source.id })) ?? source;
  return {
    source: current,
    job,
    added: plan.added.length,
    changed: plan.changed.length,
    renamed: plan.renamed.length,
    deleted: plan.deleted.length,
    unchanged: plan.unchanged.length,
    skipped,
  };
}

/** Reads a file as the document to queue, held to the upload limits; a reason instead when it cannot be. */
async function readSourceFile(
  file: FoundFile,
  source: SourceRecord,
  limits: UploadLimits,
): Promise<SourceFile | { reason: string }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file.absolute));
  } catch (error) {
    return { reason: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const fileName = basename(file.absolute);
  const metadata = { source: source.id, path: file.path };
  try {
    checkIngestInput({ bytes, fileName, metadata }, limits);
  } catch (error) {
    if (LoreError.is(error)) return { reason: error.message };
    throw error;
  }
  return {
    path: file.path,
    title: file.path,
    mimeType: null,
    fileName,
    contentHash: contentHash(bytes),
    bytes,
    metadata,
  };
}
