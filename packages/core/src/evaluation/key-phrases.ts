import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LoreError } from '../errors.js';
import { parseJsonLines } from './json-lines.js';

/** A question whose answer is found when a retrieved chunk holds `keyPhrase` verbatim. */
export interface KeyPhraseQuestion {
  id: string;
  question: string;
  keyPhrase: string;
  /** The file (name within the dataset folder) that holds the phrase; optional. */
  document?: string;
}

const line = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  keyPhrase: z.string().min(1),
  document: z.string().min(1).optional(),
});

/** Reads a JSON Lines file of `{ id, question, keyPhrase, document? }`, one question a line. */
export async function readKeyPhraseQuestions(path: string): Promise<KeyPhraseQuestion[]> {
  return parseJsonLines(await readFile(path, 'utf8'), path).map(({ line: number, value }) => {
    const parsed = line.safeParse(value);
    if (!parsed.success) {
      throw new LoreError(
        'UNPROCESSABLE',
        `${path}:${number} needs string fields "id", "question" and "keyPhrase" (and optionally "document").`,
      );
    }
    return parsed.data;
  });
}

/** Compatibility form for matching: NFKC (full-width to ASCII) and runs of white space as one space. */
export function matchForm(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ');
}

/** 1-based rank of the first text that holds the phrase, or 0 when none does. */
export function keyPhraseRank(texts: readonly string[], keyPhrase: string): number {
  const phrase = matchForm(keyPhrase);
  const index = texts.findIndex((text) => matchForm(text).includes(phrase));
  return index + 1;
}

/** Hit rates at 1, 5 and 10 and MRR@10 over 1-based ranks (0 = not found). */
export function summarizeRanks(ranks: readonly number[]): {
  hitAt1: number;
  hitAt5: number;
  hitAt10: number;
  mrrAt10: number;
  questions: number;
} {
  const count = ranks.length;
  const share = (test: (rank: number) => boolean) =>
    count === 0 ? 0 : ranks.filter((rank) => rank > 0 && test(rank)).length / count;
  const mrr =
    count === 0 ? 0 : ranks.reduce((sum, rank) => sum + (rank > 0 && rank <= 10 ? 1 / rank : 0), 0) / count;
  return {
    hitAt1: share((rank) => rank <= 1),
    hitAt5: share((rank) => rank <= 5),
    hitAt10: share((rank) => rank <= 10),
    mrrAt10: mrr,
    questions: count,
  };
}
