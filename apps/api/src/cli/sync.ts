import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LoreError } from '@lore/core';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';
import { createProgressBar } from './progress.js';

const usage =
  'Usage: lore sync <folder or url> --collection <name> [--interval <seconds>] [--max-pages N] [--max-depth N]';

/** A whole-number option, or undefined when not given (the core checks its range). */
const count = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/**
 * `lore sync <folder or url> --collection <name> [--interval <seconds>]`: registers the folder or site with
 * the collection (creating either when missing), syncs it and waits for the ingestion, with a progress bar.
 * An argument with a scheme (`https://…`) is a URL source: a sitemap, or a start page to crawl.
 */
export async function runSync(
  config: Config,
  positionals: string[],
  options: {
    collection?: string;
    interval?: string;
    json?: boolean;
    'max-pages'?: string;
    'max-depth'?: string;
  },
): Promise<number> {
  const [folder, ...extra] = positionals;
  if (!options.collection || !folder || extra.length > 0) throw new LoreError('BAD_REQUEST', usage);
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(folder);
  if (!isUrl && (options['max-pages'] !== undefined || options['max-depth'] !== undefined))
    throw new LoreError('BAD_REQUEST', '--max-pages and --max-depth are for URL sources, not folders.');
  const intervalSeconds = count(options.interval);
  const lore = await createContainer(config, { worker: true });
  try {
    const collection = options.collection;
    if (!(await lore.collections.list()).some((existing) => existing.name === collection))
      await lore.collections.create({ name: collection });
    // Sources keep the folder's real path (symbolic links resolved), or the URL as parsed.
    const wanted = isUrl
      ? URL.canParse(folder)
        ? new URL(folder).href
        : folder
      : await realpath(folder).catch(() => resolve(folder));
    const source =
      (await lore.sources.list(collection)).find((candidate) => candidate.location === wanted) ??
      (await lore.sources.create(
        isUrl
          ? {
              collection,
              url: folder,
              maxPages: count(options['max-pages']),
              maxDepth: count(options['max-depth']),
              intervalSeconds,
            }
          : { collection, path: folder, intervalSeconds },
      ));
    const bar = createProgressBar('Syncing');
    const result = await lore.sources.sync(source.id, {
      wait: true,
      onProgress: (job) => bar.update(job.progress.done, job.progress.total, job.status),
    });
    bar.finish();
    if (options.json) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      console.log(
        `${source.location} -> ${collection}: ${result.added} added, ${result.changed} changed, ${result.renamed} renamed, ${result.deleted} deleted, ${result.unchanged} unchanged`,
      );
      for (const error of result.job.errors) console.log(`failed   ${error.title}: ${error.message}`);
      for (const skipped of result.skipped) console.log(`skipped  ${skipped.path}: ${skipped.reason}`);
    }
    return result.job.errors.length > 0 ? 2 : 0;
  } finally {
    await lore.close();
  }
}
