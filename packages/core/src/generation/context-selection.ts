import type { SearchResult } from '../retrieval/search.js';
import { matchTerms, type Span, splitSentences } from './sentences.js';

/** A retrieved chunk cut down to the sentences sent to the model; spans are offsets into `result.text`. */
export interface Excerpt {
  result: SearchResult;
  spans: Span[];
  /** The spans' text, joined with " … " where sentences were left out. */
  text: string;
}

interface Candidate {
  source: number;
  index: number;
  span: Span;
  tokens: number;
  score: number;
  priority: number;
  taken: boolean;
  kept: boolean;
}

/** How much a chunk's rank weighs against its sentences' match with the question. */
const rankWeight = (rank: number) => 1 / (1 + 0.5 * rank);

/**
 * Picks the sentences of the retrieved chunks that matter for the question until `maxTokens` is spent:
 * sentences sharing rare terms with the question first (weighted by the chunk's rank), then their
 * neighbours, then the rest of the best-ranked chunks. Chunks that get no sentence are left out; with a
 * budget that holds everything, every chunk goes in whole. Extractive, so citations keep exact offsets.
 */
export async function selectExcerpts(options: {
  question: string;
  results: SearchResult[];
  maxTokens: number;
  countTokens: (text: string) => Promise<number>;
  /** Tokens each chunk costs besides its sentences (its header in the prompt). */
  overheadTokens?: (result: SearchResult, marker: number) => Promise<number>;
}): Promise<Excerpt[]> {
  const { question, results, countTokens } = options;
  const wanted = matchTerms(question);
  const candidates: Candidate[][] = [];
  const documentFrequency = new Map<string, number>();
  const sentenceTerms: Set<string>[][] = [];
  for (const result of results) {
    const spans = splitSentences(result.text);
    const terms = spans.map((span) => matchTerms(result.text.slice(span.start, span.end)));
    sentenceTerms.push(terms);
    for (const set of terms)
      for (const term of set)
        if (wanted.has(term)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    candidates.push(
      await Promise.all(
        spans.map(async (span, index) => ({
          source: candidates.length,
          index,
          span,
          tokens: await countTokens(result.text.slice(span.start, span.end)),
          score: 0,
          priority: 0,
          taken: false,
          kept: false,
        })),
      ),
    );
  }
  const total = sentenceTerms.reduce((sum, list) => sum + list.length, 0);
  for (const [source, list] of candidates.entries()) {
    for (const candidate of list) {
      let score = 0;
      for (const term of sentenceTerms[source]?.[candidate.index] ?? []) {
        const frequency = documentFrequency.get(term);
        if (frequency) score += Math.log(1 + total / frequency);
      }
      candidate.score = score;
      // Unmatched sentences keep a small priority by rank and position, so a roomy budget takes whole chunks.
      candidate.priority = (score > 0 ? score : 1e-3 / (1 + candidate.index)) * rankWeight(source);
    }
  }

  let budget = options.maxTokens;
  const opened = new Set<number>();
  const flat = candidates.flat();
  for (;;) {
    let best: Candidate | undefined;
    for (const candidate of flat) {
      if (!candidate.taken && (!best || candidate.priority > best.priority)) best = candidate;
    }
    if (!best) break;
    const header = opened.has(best.source)
      ? 0
      : ((await options.overheadTokens?.(results[best.source] as SearchResult, opened.size + 1)) ?? 0);
    best.taken = true;
    if (best.tokens + header > budget) continue;
    budget -= best.tokens + header;
    opened.add(best.source);
    best.kept = true;
    // The sentences around a match often carry its subject or its answer.
    for (const neighbour of [
      candidates[best.source]?.[best.index - 1],
      candidates[best.source]?.[best.index + 1],
    ]) {
      if (neighbour && !neighbour.taken)
        neighbour.priority = Math.max(neighbour.priority, best.priority * 0.6);
    }
  }

  const excerpts: Excerpt[] = [];
  for (const [source, list] of candidates.entries()) {
    const kept = list.filter((candidate) => candidate.kept);
    if (kept.length === 0) continue;
    const result = results[source] as SearchResult;
    excerpts.push({ result, spans: kept.map((c) => c.span), text: joinSpans(result.text, kept) });
  }
  return excerpts;
}

function joinSpans(text: string, kept: Candidate[]): string {
  let joined = '';
  let previous: Candidate | undefined;
  for (const candidate of kept) {
    const piece = text.slice(candidate.span.start, candidate.span.end);
    if (!previous) joined = piece;
    else if (candidate.index === previous.index + 1)
      joined += text.slice(previous.span.end, candidate.span.start) + piece;
    else joined += ` … ${piece}`;
    previous = candidate;
  }
  return joined;
}
