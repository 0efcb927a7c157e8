import type { DevQuestion } from './dev-set.js';

/** What one ask gave for one dev question. */
export interface Outcome {
  question: DevQuestion;
  answer: string;
  answerable: boolean;
  /** Full texts of the chunks the answer cites. */
  citedTexts: string[];
  /** Full texts of the chunks in the prompt. */
  sourceTexts: string[];
  inferredCitations: number;
  /** The model's probability that the sources state the answer (see `answerability` in core). */
  answerability?: number;
  /** Every text delta the stream sent, in order (an answer later refused included). */
  streamed: string;
  promptTokens: number;
  firstTokenSeconds: number;
  totalSeconds: number;
}

const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

/** The answer holds the fact: one of the question's patterns matches it (after NFKC, case-insensitive). */
export function holdsFact(answer: string, fact: string[]): boolean {
  const text = normalize(answer);
  return fact.some((pattern) => new RegExp(normalize(pattern), 'iu').test(text));
}

/** A cited chunk holds the key phrase. */
export function citationHit(outcome: Outcome): boolean {
  const phrase = normalize(outcome.question.keyPhrase ?? '');
  return outcome.citedTexts.some((text) => normalize(text).includes(phrase));
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const share = (hits: number, total: number) =>
  `${total ? (hits / total).toFixed(2) : 'n/a'} (${hits}/${total})`;

/** The report's lines: rates over the answerable and unanswerable questions, medians over all. */
export function summarize(outcomes: Outcome[]): string {
  const answerable = outcomes.filter((outcome) => !outcome.question.unanswerable);
  const answered = answerable.filter((outcome) => outcome.answerable);
  const unanswerable = outcomes.filter((outcome) => outcome.question.unanswerable);
  const retrieved = answerable.filter((outcome) => {
    const phrase = normalize(outcome.question.keyPhrase ?? '');
    return outcome.sourceTexts.some((text) => normalize(text).includes(phrase));
  });
  return [
    `key phrase in the prompt's sources  ${share(retrieved.length, answerable.length)}`,
    `citation hit (of answered)          ${share(answered.filter(citationHit).length, answered.length)}`,
    `answer holds the fact               ${share(answerable.filter((o) => o.answerable && holdsFact(o.answer, o.question.fact)).length, answerable.length)}`,
    `wrongly refused                     ${share(answerable.length - answered.length, answerable.length)}`,
    `unanswerable refused                ${share(unanswerable.filter((o) => !o.answerable).length, unanswerable.length)}`,
    `answers without citations           ${share(answered.filter((o) => o.citedTexts.length === 0).length, answered.length)}`,
    `median prompt tokens                ${median(outcomes.map((o) => o.promptTokens))}`,
    `median time to first token          ${median(outcomes.map((o) => o.firstTokenSeconds)).toFixed(2)} s`,
    `median total time                   ${median(outcomes.map((o) => o.totalSeconds)).toFixed(2)} s`,
  ].join('\n');
}
