import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LoreError } from '../errors.js';
import { parseJsonLines } from './json-lines.js';
import type { Qrels } from './metrics.js';

/** One corpus document of a BEIR dataset. */
export interface BeirDocument {
  id: string;
  title: string;
  text: string;
}

/** One query of a BEIR dataset. */
export interface BeirQuery {
  id: string;
  text: string;
}

/** A BEIR dataset split: the corpus, the queries that have judgements, and the judgements. */
export interface BeirDataset {
  corpus: BeirDocument[];
  queries: BeirQuery[];
  qrels: Qrels;
}

/**
 * Reads a BEIR folder: `corpus.jsonl`, `queries.<split>.jsonl` or `queries.jsonl`, and
 * `qrels.<split>.tsv` or `qrels/<split>.tsv` (tab-separated, header line optional).
 */
export async function readBeirDataset(
  folder: string,
  options: { split?: string } = {},
): Promise<BeirDataset> {
  const split = options.split ?? 'test';
  const qrelsPath = await firstExisting(folder, [`qrels.${split}.tsv`, join('qrels', `${split}.tsv`)]);
  const queriesPath = await firstExisting(folder, [`queries.${split}.jsonl`, 'queries.jsonl']);
  const corpusPath = await firstExisting(folder, ['corpus.jsonl']);

  const qrels = parseQrels(await readFile(qrelsPath, 'utf8'), qrelsPath);
  const queries = parseJsonl(await readFile(queriesPath, 'utf8'), queriesPath)
    .map((row) => ({ id: String(row._id), text: String(row.text ?? '') }))
    .filter((query) => qrels.has(query.id));
  const corpus = parseJsonl(await readFile(corpusPath, 'utf8'), corpusPath).map((row) => ({
    id: String(row._id),
    title: String(row.title ?? ''),
    text: String(row.text ?? ''),
  }));
  return { corpus, queries, qrels };
}

async function firstExisting(folder: string, names: string[]): Promise<string> {
  for (const name of names) {
    const path = join(folder, name);
    try {
      await access(path);
      return path;
    } catch {
      // try the next candidate
    }
  }
  throw new LoreError(
    'NOT_FOUND',
    `BEIR folder ${folder} has none of ${names.join(', ')}. Point --dataset at a BEIR dataset folder (corpus.jsonl, queries, qrels).`,
  );
}

function parseJsonl(content: string, path: string): Record<string, unknown>[] {
  return parseJsonLines(content, path).map(({ line, value }) => {
    if (typeof value !== 'object' || value === null || !('_id' in value)) {
      throw new LoreError('UNPROCESSABLE', `${path}:${line} has no "_id"; every BEIR row needs one.`);
    }
    return value as Record<string, unknown>;
  });
}

function parseQrels(content: string, path: string): Qrels {
  const qrels: Qrels = new Map();
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === '') continue;
    const [queryId, documentId, grade] = line.split('\t');
    const value = Number(grade);
    if (queryId === undefined || documentId === undefined || grade === undefined || Number.isNaN(value)) {
      if (index === 0) continue; // header: query-id corpus-id score
      throw new LoreError(
        'UNPROCESSABLE',
        `${path}:${index + 1} should be "query-id<TAB>corpus-id<TAB>score" with a numeric score.`,
      );
    }
    let judgements = qrels.get(queryId);
    if (judgements === undefined) {
      judgements = new Map();
      qrels.set(queryId, judgements);
    }
    judgements.set(documentId, value);
  }
  return qrels;
}
