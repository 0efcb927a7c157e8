import { LoreError } from '../errors.js';
import { contentHash } from '../ingestion/ids.js';
import type { SourceFile, SourceRecord } from '../spec/source-store.js';
import { commitPlan, type SyncResult } from './commit-plan.js';
import { type HashedFile, planSync } from './plan.js';
import type { SyncContext } from './sync.js';
import { crawlSite, type PageOutcome } from './web/crawl.js';

/** Pages a URL source reads per sync unless it says otherwise, and the most it may ask for. */
export const urlSourceLimits = { maxPages: 100, maxDepth: 2, mostPages: 10_000, deepest: 10 } as const;

const encoder = new TextEncoder();

/**
 * Syncs a URL source: crawls the site (`crawlSite`), hashes each page's extracted text, and commits the
 * plan. A page that answers 404 or 410, that robots.txt now disallows, or that the sitemap or crawl no
 * longer reaches loses its document; a page that could not be read this time (a 5xx, a timeout) keeps
 * it. When the site cannot be read at all nothing changes.
 */
export async function syncUrlSource(context: SyncContext, source: SourceRecord): Promise<SyncResult> {
  const { store } = context;
  const documents = await store.listSourceDocuments({ sourceId: source.id });
  const outcomes = await crawlSite(source.location, {
    policy: context.fetchPolicy ?? {},
    maxPages: source.settings.maxPages ?? urlSourceLimits.maxPages,
    maxDepth: source.settings.maxDepth ?? urlSourceLimits.maxDepth,
    errorText: context.errorText,
    abortSignal: context.abortSignal,
  }).catch((error: unknown) => {
    // An unreachable site must not empty the collection.
    throw LoreError.is(error) ? error.prefixed(`Not syncing ${source.location}: `) : error;
  });
  const existing = new Map(documents.map((document) => [document.path, document]));
  const pages = new Map<string, Page>();
  const hashed: HashedFile[] = [];
  const skipped: SyncResult['skipped'] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'page') {
      // The extracted text's hash: a page whose markup changes around the same text is unchanged.
      const hash = contentHash(encoder.encode(outcome.text));
      pages.set(outcome.url, { ...outcome, contentHash: hash });
      hashed.push({ path: outcome.url, contentHash: hash });
      continue;
    }
    skipped.push({ path: outcome.url, reason: outcome.reason });
    const kept = outcome.kind === 'kept' ? existing.get(outcome.url) : undefined;
    if (kept) hashed.push({ path: kept.path, contentHash: kept.contentHash });
  }
  const plan = planSync(hashed, documents);
  return commitPlan(context, source, plan, {
    rename: (rename) => ({
      documentId: rename.documentId,
      contentHash: rename.contentHash,
      path: rename.to,
      title: pages.get(rename.to)?.title ?? rename.to,
      metadata: { url: rename.to },
    }),
    read: async (url) => {
      const page = pages.get(url);
      return page && pageDocument(page, source);
    },
    skipped,
  });
}

/** A fetched page with the hash of its extracted text. */
type Page = Extract<PageOutcome, { kind: 'page' }> & { contentHash: string };

/** A page as the document to queue: its reduced HTML, its title, its URL in the metadata. */
function pageDocument(page: Page, source: SourceRecord): SourceFile {
  return {
    path: page.url,
    title: page.title,
    mimeType: 'text/html',
    fileName: 'page.html',
    contentHash: page.contentHash,
    bytes: encoder.encode(page.html),
    metadata: { source: source.id, url: page.url },
  };
}
