import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LoreError } from '@lore/core';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';
import { createProgressBar } from './progress.js';

async function expand(path: string): Promise<string[]> {
  const info = await stat(path).catch((cause) => {
    throw new LoreError('NOT_FOUND', `No such file or folder: ${path}`, { cause });
  });
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries.filter((entry) => !entry.name.startsWith('.')).map((entry) => expand(join(path, entry.name))),
  );
  return nested.flat();
}

/** `lore ingest <paths...> --collection <name>`: files and folders, with a progress bar. */
export async function runIngest(
  config: Config,
  paths: string[],
  options: { collection?: string; metadata?: string },
): Promise<number> {
  if (!options.collection || paths.length === 0) {
    throw new LoreError('BAD_REQUEST', 'Usage: lore ingest <paths...> --collection <name>');
  }
  const metadata = options.metadata ? (JSON.parse(options.metadata) as Record<string, unknown>) : {};
  const files = (await Promise.all(paths.map(expand))).flat();
  const lore = await createContainer(config, { worker: true });
  try {
    const existing = await lore.collections.list();
    if (!existing.some((collection) => collection.name === options.collection)) {
      await lore.collections.create({ name: options.collection });
    }
    const documents = await Promise.all(
      files.map(async (file) => ({ bytes: new Uint8Array(await readFile(file)), fileName: file, metadata })),
    );
    const bar = createProgressBar('Ingesting');
    const result = await lore.ingest({
      collection: options.collection,
      documents,
      wait: true,
      onProgress: (job) => bar.update(job.progress.done, job.progress.total, job.status),
    });
    bar.finish();
    let failed = 0;
    for (const document of result.documents) {
      if (document.status === 'failed') failed++;
      const detail =
        document.status === 'failed' ? `: ${document.error}` : ` (${document.chunkCount} chunks)`;
      console.log(`${document.status.padEnd(8)} ${document.title}${detail}`);
    }
    return failed > 0 ? 2 : 0;
  } finally {
    await lore.close();
  }
}
