import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Lore, LoreError } from '@lore/core';

/** One dev question: answerable ones carry the phrase a cited chunk must hold and the fact the answer must hold. */
export interface DevQuestion {
  id: string;
  set: 'en' | 'zh';
  question: string;
  unanswerable: boolean;
  keyPhrase?: string;
  /** Regular expressions (case-insensitive); the answer holds the fact when one matches. */
  fact: string[];
}

export interface DevDocument {
  title: string;
  text: string;
}

const here = import.meta.dirname;

async function readJsonl<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** The English set: short documents written for this eval, so no answer can come from the model's memory. */
export async function englishSet(): Promise<{ documents: DevDocument[]; questions: DevQuestion[] }> {
  const folder = join(here, 'docs-en');
  const documents: DevDocument[] = [];
  for (const name of (await readdir(folder)).sort()) {
    const text = await readFile(join(folder, name), 'utf8');
    documents.push({ title: text.split('\n')[0]?.replace(/^#\s*/, '') ?? name, text });
  }
  const rows = await readJsonl<{
    id: string;
    question: string;
    keyPhrase?: string;
    fact?: string[];
    unanswerable?: boolean;
  }>(join(here, 'en.jsonl'));
  const questions = rows.map((row) => ({
    id: row.id,
    set: 'en' as const,
    question: row.question,
    unanswerable: row.unanswerable === true,
    ...(row.keyPhrase ? { keyPhrase: row.keyPhrase } : {}),
    fact: row.fact ?? [],
  }));
  return { documents, questions };
}

/** The Chinese set: the retrieval dev questions over seeds-zh, with answer facts and unanswerable questions. */
export async function chineseSet(
  dataDir: string,
): Promise<{ documents: DevDocument[]; questions: DevQuestion[] }> {
  const names = (await readdir(dataDir)).filter((name) => name.endsWith('.txt')).sort();
  const documents = await Promise.all(
    names.map(async (name) => ({ title: name, text: await readFile(join(dataDir, name), 'utf8') })),
  );
  const retrieval = await readJsonl<{ id: string; question: string; keyPhrase: string }>(
    join(here, '..', 'seeds-zh.jsonl'),
  );
  const facts = new Map(
    (await readJsonl<{ id: string; fact: string[] }>(join(here, 'seeds-zh-facts.jsonl'))).map((row) => [
      row.id,
      row.fact,
    ]),
  );
  const unanswerable = await readJsonl<{ id: string; question: string }>(join(here, 'zh-unanswerable.jsonl'));
  const questions: DevQuestion[] = [
    ...retrieval.map((row) => ({
      id: row.id,
      set: 'zh' as const,
      question: row.question,
      unanswerable: false,
      keyPhrase: row.keyPhrase,
      fact: facts.get(row.id) ?? [row.keyPhrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')],
    })),
    ...unanswerable.map((row) => ({
      id: row.id,
      set: 'zh' as const,
      question: row.question,
      unanswerable: true,
      fact: [],
    })),
  ];
  return { documents, questions };
}

/**
 * The held-out questions (`held-out.jsonl`, en and zh over the same documents): written apart from the dev
 * questions that the refusal rules were tuned on, to check that those rules generalise; `held-out-2.jsonl` is a
 * second such set, written before the answerability work it measures.
 */
export async function heldOutQuestions(file = 'held-out.jsonl'): Promise<DevQuestion[]> {
  const rows = await readJsonl<{
    id: string;
    set: 'en' | 'zh';
    question: string;
    keyPhrase?: string;
    fact?: string[];
    unanswerable?: boolean;
  }>(join(here, file));
  return rows.map((row) => ({
    id: row.id,
    set: row.set,
    question: row.question,
    unanswerable: row.unanswerable === true,
    ...(row.keyPhrase ? { keyPhrase: row.keyPhrase } : {}),
    fact: row.fact ?? [],
  }));
}

/** Creates collection `name` with `documents` unless the eval's data folder already holds it (a rerun). */
export async function ensureCollection(
  lore: Lore,
  name: string,
  documents: { title: string; text: string; fileName?: string }[],
): Promise<void> {
  try {
    await lore.collections.get(name);
    return;
  } catch (error) {
    if (!LoreError.is(error) || error.code !== 'NOT_FOUND') throw error;
  }
  const started = performance.now();
  await lore.collections.create({ name });
  await lore.ingest({ collection: name, documents, wait: true });
  console.log(
    `ingested ${documents.length} documents into ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
