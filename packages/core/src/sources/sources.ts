import { type ErrorText, LoreError, messageOnly } from '../errors.js';
import type { UploadLimits } from '../ingestion/loaders/upload-check.js';
import type { Collection, JobRecord } from '../spec/metadata-store.js';
import type { SourceRecord, SourceStore } from '../spec/source-store.js';
import type { VectorStore } from '../spec/vector-store.js';
import type { SyncResult } from './commit-plan.js';
import { syncSource } from './sync.js';
import { urlSourceLimits } from './url-sync.js';
import { checkFolder } from './walk.js';
import { checkUrlAddress, type FetchPolicy, parseWebUrl } from './web/safe-fetch.js';

/** A folder on this machine to register with a collection. */
export interface FolderSourceOptions {
  collection: string;
  path: string;
  intervalSeconds?: number | null;
}

/** A site to register with a collection: a sitemap URL, or a start page whose same-site links are crawled. */
export interface UrlSourceOptions {
  collection: string;
  url: string;
  /** Pages read per sync (default 100). */
  maxPages?: number;
  /** Links followed from the start page (default 2; 0: the start page alone). */
  maxDepth?: number;
  intervalSeconds?: number | null;
}

/** `lore.sources`: folders and sites registered with a collection, and syncs that keep its documents in step. */
export interface Sources {
  /**
   * Registers a folder on this machine, or a site, with a collection: BAD_REQUEST when it is not a readable
   * folder or not an http(s) URL, FORBIDDEN when the URL's host resolves to an address the fetch policy refuses.
   */
  create(options: FolderSourceOptions | UrlSourceOptions): Promise<SourceRecord>;
  /** The sources of a collection, or of every collection. */
  list(collection?: string): Promise<SourceRecord[]>;
  get(id: string): Promise<SourceRecord>;
  /**
   * Syncs the source: new files are ingested, changed ones replace their document, renamed ones keep it,
   * deleted ones lose it. Resolves once the work is queued (with `wait`, once the job ends).
   */
  sync(id: string, options?: SyncOptions): Promise<SyncResult>;
  /** Deletes the source and, unless `keepDocuments`, the documents it brought in. */
  delete(id: string, options?: { keepDocuments?: boolean }): Promise<void>;
}

export interface SyncOptions {
  /** Resolve only when every queued document is indexed or failed. */
  wait?: boolean;
  onProgress?: (job: JobRecord) => void;
  abortSignal?: AbortSignal;
}

export interface SourcesContext {
  /** Absent when the Lore was wired without a source store: every call says so. */
  store: SourceStore | undefined;
  vectors: VectorStore;
  collections: { get(name: string): Promise<Collection> };
  jobs: { watch(id: string, options?: { abortSignal?: AbortSignal }): AsyncIterable<JobRecord> };
  uploadLimits: UploadLimits;
  /** Folders sources may lie in (with their subfolders); any readable folder when absent or empty. */
  allowedRoots?: readonly string[];
  /** How URL sources fetch (by default private, loopback and link-local addresses are refused). */
  fetchPolicy?: FetchPolicy;
  /** How a skipped entry's reason is worded (default: the message). */
  errorText?: ErrorText;
  /** Called after a sync changed the collection: wake the worker, drop cached retrieval state. */
  changed(collectionId: string): void;
}

const longestInterval = 365 * 24 * 3600;

function checkLimit(
  name: string,
  value: number | undefined,
  least: number,
  most: number,
): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < least || value > most))
    throw new LoreError('BAD_REQUEST', `${name} must be a whole number from ${least} to ${most}.`);
  return value;
}

/** Creates `lore.sources` over a source store. */
export function createSources(context: SourcesContext): Sources {
  const { vectors, collections } = context;
  const running = new Set<string>();
  const store = (): SourceStore => {
    if (!context.store)
      throw new LoreError(
        'BAD_REQUEST',
        'This Lore has no source store: pass `sources` to createLoreFromServices, or use createLore.',
      );
    return context.store;
  };
  const get = async (id: string) => {
    const source = await store().getSource({ id });
    if (!source) throw new LoreError('NOT_FOUND', `Source ${id} does not exist: list the sources.`);
    return source;
  };

  return {
    async create(options) {
      const collection = await collections.get(options.collection);
      const interval = options.intervalSeconds ?? null;
      if (interval !== null && (!Number.isInteger(interval) || interval < 1 || interval > longestInterval))
        throw new LoreError(
          'BAD_REQUEST',
          `intervalSeconds must be a whole number from 1 to ${longestInterval}, or null for syncing only when asked.`,
        );
      if ('url' in options) {
        const url = parseWebUrl(options.url);
        const settings = {
          maxPages: checkLimit('maxPages', options.maxPages, 1, urlSourceLimits.mostPages),
          maxDepth: checkLimit('maxDepth', options.maxDepth, 0, urlSourceLimits.deepest),
        };
        await checkUrlAddress(url, context.fetchPolicy ?? {});
        return store().createSource({
          collectionId: collection.id,
          kind: 'url',
          location: url.href,
          settings: JSON.parse(JSON.stringify(settings)),
          intervalSeconds: interval,
        });
      }
      const location = await checkFolder(options.path, context.allowedRoots);
      return store().createSource({
        collectionId: collection.id,
        kind: 'folder',
        location,
        intervalSeconds: interval,
      });
    },
    async list(collection) {
      const collectionId = collection === undefined ? undefined : (await collections.get(collection)).id;
      return store().listSources(collectionId === undefined ? {} : { collectionId });
    },
    get,
    async sync(id, options = {}) {
      const source = await get(id);
      if (running.has(id))
        throw new LoreError('CONFLICT', `Source ${id} is being synced already: follow that sync's job.`);
      running.add(id);
      let result: SyncResult;
      try {
        result = await syncSource(
          {
            store: store(),
            vectors,
            uploadLimits: context.uploadLimits,
            allowedRoots: context.allowedRoots,
            fetchPolicy: context.fetchPolicy,
            errorText: context.errorText ?? messageOnly,
            abortSignal: options.abortSignal,
          },
          source,
        );
      } finally {
        running.delete(id);
      }
      context.changed(source.collectionId);
      if (options.wait) {
        for await (const job of context.jobs.watch(result.job.id, { abortSignal: options.abortSignal })) {
          result = { ...result, job };
          options.onProgress?.(job);
        }
        if (options.abortSignal?.aborted) throw new LoreError('ABORTED', 'Stopped waiting for the sync job.');
      }
      return result;
    },
    async delete(id, options = {}) {
      const source = await get(id);
      const keepDocuments = options.keepDocuments ?? false;
      const deleteVectors = async (documentIds: string[]) => {
        if (documentIds.length > 0)
          await vectors.deleteDocuments({ collectionId: source.collectionId, documentIds });
      };
      // Vectors first, so a crash leaves the documents listed for a second delete; then again for any
      // document a concurrent sync added meanwhile.
      if (!keepDocuments)
        await deleteVectors(
          (await store().listSourceDocuments({ sourceId: id })).map((document) => document.id),
        );
      await deleteVectors(await store().deleteSource({ id, keepDocuments }));
      context.changed(source.collectionId);
    },
  };
}
