import { throwIfAborted } from '../errors.js';
import { DEFAULT_FUSION, type FusionHit, type FusionProfile } from './fusion.js';

/** A unit the retrievers return (a chunk or a whole document), with the text it was indexed from. */
export interface CalibrationDocument {
  id: string;
  text: string;
  /** Ids whose retrieval counts as finding this unit (default: `id` alone), e.g. a chunk and its neighbours. */
  relevant?: readonly string[];
}

/** Inputs of `calibrateFusion`. */
export interface CalibrateFusionOptions {
  /** Candidates to draw pseudo-queries from; ids must be the ids the two searches return. */
  documents: readonly CalibrationDocument[];
  /** What the ids name, copied into the profile (see `FusionProfile.unit`); default `document`. */
  unit?: 'document' | 'chunk';
  /** Dense search for a batch of queries (embeds them itself): one best-first list per query, in order. */
  searchVector: (queries: string[], limit: number) => Promise<readonly (readonly FusionHit[])[]>;
  /** Full-text search for a batch of queries: one best-first list per query, in order. */
  searchKeyword: (queries: string[], limit: number) => Promise<readonly (readonly FusionHit[])[]>;
  /** Pseudo-queries to run; default 200. */
  sampleSize?: number;
  /** Share of a sentence's words kept in its pseudo-query; default 0.5. */
  keepRatio?: number;
  /**
   * Exponent on each retriever's pseudo-query nDCG@10 before taking shares; default 2, so a clearly weaker
   * retriever fades fast (0.3 vs 0.95 gives it 0.09) while two similar ones stay near equal (0.9 vs 0.95: 0.47).
   */
  sharpness?: number;
  /** Seed of the sampler, so a profile can be recomputed identically; default 1. */
  seed?: number;
  abortSignal?: AbortSignal;
}

/** A self-generated query and the one unit it came from. */
export interface PseudoQuery {
  query: string;
  targetId: string;
  /** Ids that count as finding the target. */
  relevant: readonly string[];
}

/**
 * Draws pseudo-queries: a random sentence (8–40 words) of a random document, of which each word is kept
 * with probability `keepRatio`, so neither retriever gets the verbatim sentence.
 */
export function samplePseudoQueries(
  documents: readonly CalibrationDocument[],
  options: { sampleSize?: number; keepRatio?: number; seed?: number } = {},
): PseudoQuery[] {
  const sampleSize = options.sampleSize ?? 200;
  const keepRatio = options.keepRatio ?? 0.5;
  const random = mulberry32(options.seed ?? 1);
  const queries: PseudoQuery[] = [];
  const used = new Set<string>();
  // Bounded so a collection with few usable sentences ends instead of spinning.
  for (let attempt = 0; attempt < sampleSize * 20 && queries.length < sampleSize; attempt++) {
    const document = documents[Math.floor(random() * documents.length)];
    if (document === undefined || used.has(document.id)) continue;
    const sentences = document.text
      .split(/(?<=[.!?])\s+|(?<=[。！？；])/)
      .map(sentenceWords)
      .filter((words) => words.length >= 8 && words.length <= 40);
    const sentence = sentences[Math.floor(random() * sentences.length)];
    if (sentence === undefined) continue;
    const kept = sentence.filter(() => random() < keepRatio);
    if (kept.length < 3) continue;
    used.add(document.id);
    queries.push({
      query: kept.join(' '),
      targetId: document.id,
      relevant: document.relevant ?? [document.id],
    });
  }
  return queries;
}

const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * The words of a sentence: split at white space, or by ICU's dictionary word segmenter when it holds
 * Chinese or Japanese, which has no spaces between words (without it a Chinese collection yields no
 * pseudo-queries and calibration silently falls back to equal weights).
 */
function sentenceWords(sentence: string): string[] {
  const trimmed = sentence.trim();
  if (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(trimmed)) return trimmed.split(/\s+/);
  return [...wordSegmenter.segment(trimmed)].filter((part) => part.isWordLike).map((part) => part.segment);
}

/**
 * Measures both retrievers on pseudo-queries drawn from the collection (no labels needed) and sets each
 * one's weight to its share of the summed nDCG@10 ** sharpness, for convex z-score fusion. Cost: `sampleSize` query
 * embeddings plus `sampleSize` searches on each side (12–18 s for 200 on SciFact, 2 shared cores, use-lite-en).
 */
export async function calibrateFusion(options: CalibrateFusionOptions): Promise<FusionProfile> {
  const seed = options.seed ?? 1;
  const queries = samplePseudoQueries(options.documents, {
    sampleSize: options.sampleSize ?? 200,
    keepRatio: options.keepRatio ?? 0.5,
    seed,
  });
  throwIfAborted(options.abortSignal);
  const texts = queries.map((query) => query.query);
  const [vector, keyword] = await Promise.all([
    options.searchVector(texts, 10),
    options.searchKeyword(texts, 10),
  ]);
  let vectorTotal = 0;
  let keywordTotal = 0;
  queries.forEach(({ relevant }, index) => {
    vectorTotal += foundAt10(ids(vector[index]), relevant);
    keywordTotal += foundAt10(ids(keyword[index]), relevant);
  });
  const count = queries.length;
  const vectorNdcgAt10 = count === 0 ? 0 : vectorTotal / count;
  const keywordNdcgAt10 = count === 0 ? 0 : keywordTotal / count;
  const sharpness = options.sharpness ?? 2;
  const vectorTrust = vectorNdcgAt10 ** sharpness;
  const keywordTrust = keywordNdcgAt10 ** sharpness;
  const total = vectorTrust + keywordTrust;
  return {
    method: 'convex',
    normalization: 'z-score',
    unit: options.unit ?? 'document',
    weights:
      total === 0
        ? { ...DEFAULT_FUSION.weights }
        : { vector: vectorTrust / total, keyword: keywordTrust / total },
    calibration: { queries: count, vectorNdcgAt10, keywordNdcgAt10, sharpness, seed },
  };
}

/** nDCG@10 of the first relevant id (1 at rank 1, 1/log2(rank + 1) below, 0 when none is in the top 10). */
function foundAt10(ranking: readonly string[], relevant: readonly string[]): number {
  const rank = ranking.slice(0, 10).findIndex((id) => relevant.includes(id)) + 1;
  return rank === 0 ? 0 : 1 / Math.log2(rank + 1);
}

function ids(list: readonly FusionHit[] | undefined): string[] {
  return (list ?? []).map((hit) => hit.id);
}

/** Small seeded PRNG (mulberry32), so calibration is reproducible. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
