import { keywordText } from '../chunking/index.js';
import type { Chunk } from '../spec/document.js';
import type { Embedder } from '../spec/embedding.js';
import type { Collection, DocumentRecord, MetadataStore } from '../spec/metadata-store.js';
import type { IndexRef, VectorStore } from '../spec/vector-store.js';
import { indexRefFor } from '../storage/index-ref.js';

/** The kinds of disagreement `lore doctor` looks for. */
export type DoctorFindingKind =
  | 'orphan-chunks'
  | 'orphan-table'
  | 'chunk-count-mismatch'
  | 'stale-lease'
  | 'missing-upload'
  | 'stuck-job';

/** One problem found; `repaired` says whether `--repair` fixed it. */
export interface DoctorFinding {
  kind: DoctorFindingKind;
  collection: string;
  documentId?: string;
  jobId?: string;
  message: string;
  repaired: boolean;
}

/** What a doctor run checked and found. */
export interface DoctorReport {
  collections: number;
  documents: number;
  findings: DoctorFinding[];
}

export interface DoctorOptions {
  /** Fix what is found: delete orphan chunks and tables, re-index mismatched documents, release leases, finish jobs. */
  repair?: boolean;
}

interface DoctorContext {
  metadata: MetadataStore;
  vectors: VectorStore;
  embedder: Embedder;
}

/** Checks that Postgres and LanceDB agree and that no crash left work stuck; repairs on request. */
export async function runDoctor(context: DoctorContext, options: DoctorOptions = {}): Promise<DoctorReport> {
  const { metadata } = context;
  const repair = options.repair ?? false;
  const collections = await metadata.listCollections();
  const names = new Map(collections.map((collection) => [collection.id, collection.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const findings: DoctorFinding[] = [];
  let documents = 0;

  for (const collection of collections) {
    const result = await checkCollection(context, collection, repair);
    documents += result.documents;
    findings.push(...result.findings);
  }

  // Tables of collections deleted while a worker was writing to them.
  for (const collectionId of await context.vectors.collectionIds()) {
    if (names.has(collectionId)) continue;
    if (repair) await context.vectors.dropCollection({ collectionId });
    findings.push({
      kind: 'orphan-table',
      collection: collectionId,
      message: `LanceDB holds tables of collection ${collectionId}, which no longer exists in Postgres.`,
      repaired: repair,
    });
  }

  const leftovers = await metadata.findLeftovers();
  if (repair) await metadata.repairLeftovers(leftovers);
  for (const lease of leftovers.staleLeases) {
    findings.push({
      kind: 'stale-lease',
      collection: nameOf(lease.collectionId),
      documentId: lease.documentId,
      message: `Document ${lease.documentId} (${lease.status}) is leased by ${lease.leaseOwner}, whose lease expired.`,
      repaired: repair,
    });
  }
  for (const missing of leftovers.missingUploads) {
    findings.push({
      kind: 'missing-upload',
      collection: nameOf(missing.collectionId),
      documentId: missing.documentId,
      message: `Document ${missing.documentId} is ${missing.status} but its upload is gone; it is failed on repair.`,
      repaired: repair,
    });
  }
  for (const job of leftovers.stuckJobs) {
    findings.push({
      kind: 'stuck-job',
      collection: nameOf(job.collectionId),
      jobId: job.jobId,
      message: `Job ${job.jobId} is ${job.status} at ${job.done}/${job.total} with no document left to process.`,
      repaired: repair,
    });
  }
  return { collections: collections.length, documents, findings };
}

async function checkCollection(
  context: DoctorContext,
  collection: Collection,
  repair: boolean,
): Promise<{ documents: number; findings: DoctorFinding[] }> {
  const { metadata, vectors, embedder } = context;
  // Documents first, chunks second: a document the worker finishes in between is seen in progress.
  const documents = await metadata.listDocuments({ collectionId: collection.id });
  const index = await indexRefFor(collection.id, embedder);
  const counts = await vectors.countChunks({ index });
  const byId = new Map(documents.map((document) => [document.id, document]));
  const findings: DoctorFinding[] = [];

  // Chunks of a document that is gone or failed are never served: delete them.
  const orphans = [...counts.keys()].filter((id) => {
    const status = byId.get(id)?.status;
    return status === undefined || status === 'failed';
  });
  if (repair && orphans.length > 0) {
    await vectors.deleteDocuments({ collectionId: collection.id, documentIds: orphans });
  }
  for (const id of orphans) {
    const state = byId.has(id) ? 'failed' : 'missing';
    findings.push({
      kind: 'orphan-chunks',
      collection: collection.name,
      documentId: id,
      message: `LanceDB holds ${counts.get(id)} chunks of document ${id}, which is ${state} in Postgres.`,
      repaired: repair,
    });
  }

  for (const document of documents) {
    if (document.status !== 'indexed') continue;
    const stored = counts.get(document.id) ?? 0;
    if (stored === document.chunkCount) continue;
    const repaired = repair && (await reindex(context, index, document));
    findings.push({
      kind: 'chunk-count-mismatch',
      collection: collection.name,
      documentId: document.id,
      message: `Document ${document.id} ("${document.title}") is indexed with ${document.chunkCount} chunks in Postgres but ${stored} in LanceDB.`,
      repaired,
    });
  }
  return { documents: documents.length, findings };
}

/**
 * Rebuilds a document's LanceDB rows from the text and chunk offsets kept in Postgres (the upload
 * itself is dropped once indexed). Returns false when Postgres lacks what is needed.
 */
async function reindex(context: DoctorContext, index: IndexRef, document: DocumentRecord): Promise<boolean> {
  const { metadata, vectors, embedder } = context;
  const text = await metadata.getDocumentContent({ id: document.id });
  const records = await metadata.getChunks({ documentId: document.id });
  if (text === null || records.length !== document.chunkCount) return false;
  const chunks: Chunk[] = records.map((record) => ({
    ...record,
    text: text.slice(record.start, record.end),
  }));
  const { embeddings } = await embedder.embed({
    values: chunks.map((chunk) => chunk.text),
    kind: 'document',
  });
  await vectors.replaceDocumentChunks({
    index,
    documentIds: [document.id],
    chunks: chunks.map((chunk, position) => ({
      id: records[position]?.id ?? '',
      documentId: document.id,
      index: chunk.index,
      text: chunk.text,
      vector: embeddings[position] ?? [],
      start: chunk.start,
      end: chunk.end,
      page: chunk.page ?? null,
      searchText: keywordText({ title: document.title, text, chunks, index: position }),
    })),
  });
  return true;
}
