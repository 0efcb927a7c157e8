import { LoreError, type RetrievalMode, retrievalDefaults } from '@lore/core';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';

const modes = ['hybrid', 'vector', 'keyword'] as const;

/** Checks a `--mode` value. */
export function parseMode(value: string | undefined): RetrievalMode {
  const mode = value ?? 'hybrid';
  if (!(modes as readonly string[]).includes(mode)) {
    throw new LoreError('BAD_REQUEST', `Unknown mode "${mode}": use hybrid, vector or keyword.`);
  }
  return mode as RetrievalMode;
}

/** `lore search --collection <name> "<query>"`. */
export async function runSearch(
  config: Config,
  positionals: string[],
  options: { collection?: string; mode?: string; 'top-k'?: string; json?: boolean },
): Promise<number> {
  const query = positionals.join(' ').trim();
  if (!options.collection || !query) {
    throw new LoreError('BAD_REQUEST', 'Usage: lore search --collection <name> [--mode ...] "<query>"');
  }
  const lore = await createContainer(config, { worker: false });
  try {
    const results = await lore.search({
      collection: options.collection,
      query,
      mode: parseMode(options.mode),
      topK:
        options['top-k'] === undefined
          ? retrievalDefaults.search.topK
          : Number.parseInt(options['top-k'], 10),
    });
    if (options.json) {
      console.log(JSON.stringify({ results }, null, 2));
      return 0;
    }
    results.forEach((result, i) => {
      const where = result.page ? `p.${result.page} ` : '';
      console.log(
        `${i + 1}. ${result.title} (${where}${result.start}-${result.end}) score ${result.score.toFixed(4)}`,
      );
      console.log(`   ${result.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    });
    if (results.length === 0) console.log('No results.');
    return 0;
  } finally {
    await lore.close();
  }
}
