import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type Lore, LoreError, type RetrievalMode } from '@lore/core';
import { keyPhraseRank, readKeyPhraseQuestions, summarizeRanks } from '@lore/core/evaluation';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';
import { createProgressBar } from './progress.js';

/** One mode's result over a question set. */
export interface QuestionEvalRow {
  mode: string;
  hitAt1: number;
  hitAt5: number;
  hitAt10: number;
  mrrAt10: number;
  questions: number;
  seconds: number;
}

/**
 * `lore eval --dataset <folder of documents> --questions <file.jsonl>`: ingests every file of the folder
 * into its own collection (a no-op when already indexed), asks each question whose `document` is in the
 * folder (all when it names none) and prints hit@1/5/10 and MRR@10 per mode: a question is answered at
 * rank r when the r-th chunk holds its key phrase (NFKC, white space collapsed).
 */
export async function runQuestionEval(
  config: Config,
  options: {
    dataset: string;
    questions: string;
    modes: RetrievalMode[];
    json?: boolean;
    limit?: string;
    rerank?: boolean;
  },
): Promise<number> {
  const folder = resolve(options.dataset);
  const files = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !/^readme(\.|$)/i.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  if (files.length === 0) throw new LoreError('NOT_FOUND', `${folder} holds no documents to evaluate on.`);
  const all = await readKeyPhraseQuestions(resolve(options.questions));
  const inFolder = all.filter((question) => !question.document || files.includes(question.document));
  const questions = options.limit ? inFolder.slice(0, Number(options.limit)) : inFolder;
  const collection = `eval-${basename(folder).replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64);

  const lore = await createContainer({ ...config, dataDir: join(config.dataDir, 'eval') }, { worker: true });
  try {
    if (!(await lore.collections.list()).some((existing) => existing.name === collection)) {
      await lore.collections.create({ name: collection });
    }
    const bar = createProgressBar('Indexing documents');
    const started = performance.now();
    const ingested = await lore.ingest({
      collection,
      documents: files.map((file) => ({ path: join(folder, file) })),
      wait: true,
      onProgress: (job) => bar.update(job.progress.done, job.progress.total),
    });
    bar.finish();
    const ingestSeconds = (performance.now() - started) / 1000;
    const failed = ingested.documents.filter((document) => document.status === 'failed').length;

    const results: QuestionEvalRow[] = [];
    for (const mode of options.modes) {
      const modeStarted = performance.now();
      const ranks: number[] = [];
      for (const question of questions)
        ranks.push(await rankOf(lore, collection, mode, question, options.rerank));
      results.push({
        mode: options.rerank ? `${mode}+rerank` : mode,
        ...summarizeRanks(ranks),
        seconds: (performance.now() - modeStarted) / 1000,
      });
    }
    const summary = {
      dataset: options.dataset,
      questionsFile: options.questions,
      embedder: `${lore.embedder.provider}:${lore.embedder.modelId}`,
      documents: files.length,
      failedDocuments: failed,
      skippedQuestions: all.length - inFolder.length,
      ingestSeconds,
      results,
    };
    if (options.json) console.log(JSON.stringify(summary, null, 2));
    else {
      console.log(
        `embedder ${summary.embedder}; ${files.length} documents (${failed} failed) indexed in ${ingestSeconds.toFixed(1)} s; ${questions.length} questions` +
          (summary.skippedQuestions ? ` (${summary.skippedQuestions} about other documents skipped)` : ''),
      );
      console.log('mode            hit@1   hit@5   hit@10  MRR@10  time');
      for (const row of results) {
        console.log(
          `${row.mode.padEnd(14)}  ${row.hitAt1.toFixed(4)}  ${row.hitAt5.toFixed(4)}  ${row.hitAt10.toFixed(4)}  ${row.mrrAt10.toFixed(4)}  ${row.seconds.toFixed(1)} s`,
        );
      }
    }
    return 0;
  } finally {
    await lore.close();
  }
}

async function rankOf(
  lore: Lore,
  collection: string,
  mode: RetrievalMode,
  question: { question: string; keyPhrase: string },
  rerank = false,
): Promise<number> {
  const results = await lore.search({ collection, query: question.question, mode, topK: 10, rerank });
  return keyPhraseRank(
    results.map((result) => result.text),
    question.keyPhrase,
  );
}
