import { type ErrorText, LoreError } from '../errors.js';
import { checkIngestInput, type UploadLimits } from '../ingestion/loaders/upload-check.js';
import type { JobRecord } from '../spec/metadata-store.js';
import type { SourceChanges, SourceFile, SourceRecord, SourceStore } from '../spec/source-store.js';
import type { VectorStore } from '../spec/vector-store.js';
import type { SyncPlan } from './plan.js';

/** What one sync did; `job` ingests the added and changed files. */
export interface SyncResult {
  source: SourceRecord;
  job: JobRecord;
  added: number;
  changed: number;
  renamed: number;
  deleted: number;
  unchanged: number;
  /** Files or pages left out, with the reason (too large, unreadable, disallowed by robots.txt, gone). */
  skipped: { path: string; reason: string }[];
}

/** Files read and queued per transaction: a first sync of a large folder is not held in memory at once. */
const batchBytes = 32 * 1024 * 1024;
const batchFiles = 256;

/**
 * Carries out a sync's plan: deleted documents lose their vectors first, then renames and deletions are
 * applied and the added and changed entries (read by `read`, held to the upload limits) queued under one
 * job, in transactions of a bounded size; an entry that cannot be read or is refused is skipped with why. A sync stopped half-way (a crash) leaves every transaction whole, and the next sync,
 * comparing by hash again, does what is left.
 */
export async function commitPlan(
  context: { store: SourceStore; vectors: VectorStore; uploadLimits: UploadLimits; errorText: ErrorText },
  source: SourceRecord,
  plan: SyncPlan,
  options: {
    rename(rename: SyncPlan['renamed'][number]): SourceChanges['renames'][number];
    read(path: string): Promise<SourceFile | { reason: string } | undefined>;
    skipped: SyncResult['skipped'];
  },
): Promise<SyncResult> {
  const { store, vectors } = context;
  const skipped = options.skipped;
  const toIngest = [...plan.added, ...plan.changed].sort();
  let job = await store.startSync({ sourceId: source.id, total: toIngest.length });
  const deletions = plan.deleted.map((document) => document.id);
  // Vectors first: a crash before the metadata commits leaves the documents listed, to be deleted next time.
  if (deletions.length > 0)
    await vectors.deleteDocuments({ collectionId: source.collectionId, documentIds: deletions });

  let changes: SourceChanges = { renames: plan.renamed.map(options.rename), deletions, documents: [] };
  let bytesHeld = 0;
  let queued = 0;
  const flush = async () => {
    queued += await store.applySyncChanges({ sourceId: source.id, jobId: job.id, changes });
    changes = { renames: [], deletions: [], documents: [] };
    bytesHeld = 0;
  };
  for (const path of toIngest) {
    const read = await options.read(path);
    if (!read) continue;
    if ('reason' in read) {
      skipped.push({ path, reason: read.reason });
      continue;
    }
    const refused = refusal(read, context);
    if (refused !== undefined) {
      skipped.push({ path, reason: refused });
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

/** Why the upload limits refuse a source's document, or undefined when they take it. */
function refusal(
  document: SourceFile,
  context: { uploadLimits: UploadLimits; errorText: ErrorText },
): string | undefined {
  try {
    const { bytes, fileName, metadata } = document;
    checkIngestInput({ bytes, ...(fileName !== null && { fileName }), metadata }, context.uploadLimits);
    return undefined;
  } catch (error) {
    if (LoreError.is(error)) return context.errorText(error);
    throw error;
  }
}
