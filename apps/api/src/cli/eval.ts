import { basename, join, resolve } from 'node:path';
import { type Lore, LoreError, type RetrievalMode } from '@lore/core';
import { evaluateRun, readBeirDataset } from '@lore/core/evaluation';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';
import { runQuestionEval } from './eval-questions.js';
import { createProgressBar } from './progress.js';

const allModes: RetrievalMode[] = ['hybrid', 'vector', 'keyword'];

/** Ranks corpus documents for a query: chunk hits folded to their documents, best chunk first. */
async function rankDocuments(
  lore: Lore,
  collection: string,
  query: string,
  mode: RetrievalMode,
  rerank: boolean,
): Promise<string[]> {
  const results = await lore.search({ collection, query, mode, topK: 400, candidates: 400 });
  if (rerank) {
    // The reranker re-orders the best 20 chunks; the rest keep their retrieval order below them.
    const head = await lore.search({ collection, query, mode, candidates: 400, topK: 20, rerank: true });
    const ids = new Set(head.map((result) => result.chunkId));
    results.splice(0, results.length, ...head, ...results.filter((result) => !ids.has(result.chunkId)));
  }
  const ranking: string[] = [];
  const seen = new Set<string>();
  for (const result of results) {
    const id = String(result.metadata.beirId ?? result.title);
    if (!seen.has(id)) {
      seen.add(id);
      ranking.push(id);
    }
  }
  return ranking;
}

/**
 * `lore eval --dataset <BEIR folder>`: ingests the corpus into its own collection (a no-op when
 * already indexed), runs every query and prints nDCG@10, Recall@100 and MRR@10 per mode.
 */
export async function runEval(
  config: Config,
  options: {
    dataset?: string;
    questions?: string;
    mode?: string;
    json?: boolean;
    limit?: string;
    rerank?: boolean;
  },
): Promise<number> {
  if (!options.dataset)
    throw new LoreError(
      'BAD_REQUEST',
      'Usage: lore eval --dataset <BEIR folder> [--mode ...], or --dataset <folder of documents> --questions <file.jsonl>',
    );
  const modes = !options.mode || options.mode === 'all' ? allModes : options.mode.split(',');
  for (const mode of modes) {
    if (!(allModes as string[]).includes(mode)) throw new LoreError('BAD_REQUEST', `Unknown mode "${mode}".`);
  }
  if (options.questions) {
    return runQuestionEval(config, {
      ...options,
      dataset: options.dataset,
      questions: options.questions,
      modes: modes as RetrievalMode[],
    });
  }
  const dataset = await readBeirDataset(resolve(options.dataset));
  const queries = options.limit ? dataset.queries.slice(0, Number(options.limit)) : dataset.queries;
  const collection = `eval-${basename(resolve(options.dataset)).replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(
    0,
    64,
  );

  // Evaluations keep their own data folder, apart from the user's documents.
  const lore = await createContainer({ ...config, dataDir: join(config.dataDir, 'eval') }, { worker: true });
  try {
    if (!(await lore.collections.list()).some((existing) => existing.name === collection)) {
      await lore.collections.create({ name: collection });
    }
    const bar = createProgressBar('Indexing corpus');
    const ingestStarted = performance.now();
    const ingested = await lore.ingest({
      collection,
      documents: dataset.corpus.map((document) => ({
        text: document.title ? `${document.title}\n\n${document.text}` : document.text,
        title: document.title || document.id,
        key: document.id,
        metadata: { beirId: document.id },
      })),
      wait: true,
      onProgress: (job) => bar.update(job.progress.done, job.progress.total),
    });
    bar.finish();
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const failed = ingested.documents.filter((document) => document.status === 'failed').length;

    const report = [];
    for (const mode of modes as RetrievalMode[]) {
      const started = performance.now();
      const run = new Map<string, string[]>();
      for (const query of queries)
        run.set(query.id, await rankDocuments(lore, collection, query.text, mode, options.rerank ?? false));
      const seconds = (performance.now() - started) / 1000;
      const qrels = new Map([...dataset.qrels].filter(([id]) => run.has(id)));
      report.push({
        mode: options.rerank ? `${mode}+rerank` : mode,
        ...evaluateRun(run, qrels),
        queries: run.size,
        seconds,
      });
    }
    const summary = {
      dataset: options.dataset,
      embedder: `${lore.embedder.provider}:${lore.embedder.modelId}`,
      documents: dataset.corpus.length,
      failedDocuments: failed,
      ingestSeconds,
      results: report,
    };
    if (options.json) console.log(JSON.stringify(summary, null, 2));
    else printTable(summary);
    return 0;
  } finally {
    await lore.close();
  }
}

function printTable(summary: {
  embedder: string;
  documents: number;
  ingestSeconds: number;
  results: {
    mode: string;
    ndcgAt10: number;
    recallAt100: number;
    mrrAt10: number;
    queries: number;
    seconds: number;
  }[];
}): void {
  console.log(
    `embedder ${summary.embedder}; ${summary.documents} documents indexed in ${summary.ingestSeconds.toFixed(1)} s`,
  );
  console.log('mode      nDCG@10  Recall@100  MRR@10  queries  time');
  for (const row of summary.results) {
    console.log(
      `${row.mode.padEnd(8)}  ${row.ndcgAt10.toFixed(4)}   ${row.recallAt100.toFixed(4)}     ${row.mrrAt10.toFixed(4)}  ${String(row.queries).padStart(7)}  ${row.seconds.toFixed(1)} s`,
    );
  }
}
