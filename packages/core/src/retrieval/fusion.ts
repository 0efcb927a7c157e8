/** One ranked result: an id and a higher-is-better score on the producing retriever's own scale. */
export interface FusionHit {
  id: string;
  score: number;
}

/** `convex`: weighted sum of per-list normalised scores; `rrf`: weighted reciprocal rank fusion. */
export type FusionMethod = 'convex' | 'rrf';

/** `z-score`: (s − mean) / sd over the list; `min-max`: (s − min) / (max − min). */
export type ScoreNormalization = 'z-score' | 'min-max';

/** Relative trust in each retriever; only the ratio matters. */
export interface FusionWeights {
  vector: number;
  keyword: number;
}

/**
 * Per collection and embedder fusion settings, computed once by `calibrateFusion` and stored by the
 * caller next to the index; recompute it when the embedder or most of the collection changes.
 */
export interface FusionProfile {
  method: FusionMethod;
  normalization: ScoreNormalization;
  weights: FusionWeights;
  /**
   * What hybrid search ranks by: `document` adds each document's fused score to its chunks' (a large
   * collection of short documents, where documents are the unit of relevance); `chunk` ranks chunks
   * alone (a small collection, whose few long documents each cover many subjects). Default `document`.
   */
  unit?: 'document' | 'chunk';
  /** What the weights were derived from (for display and debugging). */
  calibration?: {
    queries: number;
    vectorNdcgAt10: number;
    keywordNdcgAt10: number;
    sharpness: number;
    seed: number;
  };
}

/** Inputs of `fuseRankings`; explicit options win over `profile`, which wins over the defaults. */
export interface FuseRankingsOptions {
  /** Dense results, best first (cosine or any higher-is-better similarity). */
  vector: readonly FusionHit[];
  /** Full-text (BM25) results, best first. */
  keyword: readonly FusionHit[];
  profile?: FusionProfile;
  /** Default `convex`. */
  method?: FusionMethod;
  /** Default `{ vector: 0.5, keyword: 0.5 }`: right for a good embedder, too trusting for a weak one (calibrate). */
  weights?: FusionWeights;
  /** `convex` only; default `z-score`. */
  normalization?: ScoreNormalization;
  /** `rrf` only: the rank offset, default 60. */
  k?: number;
  /** Keep only the best `limit` fused hits; all when omitted. */
  limit?: number;
}

/** Settings used when neither options nor a profile give one. */
export const DEFAULT_FUSION: Readonly<Omit<FusionProfile, 'calibration'>> = Object.freeze({
  method: 'convex',
  normalization: 'z-score',
  weights: Object.freeze({ vector: 0.5, keyword: 0.5 }),
});

/**
 * Fuses a vector and a keyword ranking into one, best first. With `convex` the fused score is
 * `w.vector · norm(vector score) + w.keyword · norm(keyword score)`, where a hit missing from one list
 * gets that list's lowest normalised score; with `rrf` it is `Σ w / (k + rank)`. Either way higher is better,
 * and the score is only comparable within one call (convex z-scores can be negative).
 */
export function fuseRankings(options: FuseRankingsOptions): FusionHit[] {
  const method = options.method ?? options.profile?.method ?? DEFAULT_FUSION.method;
  const weights = options.weights ?? options.profile?.weights ?? DEFAULT_FUSION.weights;
  const vector = dedupe(options.vector);
  const keyword = dedupe(options.keyword);
  const fused =
    method === 'rrf'
      ? reciprocalRankFusion(vector, keyword, weights, options.k ?? 60)
      : convexFusion(
          vector,
          keyword,
          weights,
          options.normalization ?? options.profile?.normalization ?? DEFAULT_FUSION.normalization,
        );
  return options.limit === undefined ? fused : fused.slice(0, options.limit);
}

function reciprocalRankFusion(
  vector: readonly FusionHit[],
  keyword: readonly FusionHit[],
  weights: FusionWeights,
  k: number,
): FusionHit[] {
  const scores = new Map<string, number>();
  const add = (list: readonly FusionHit[], weight: number) => {
    list.forEach((hit, index) => {
      scores.set(hit.id, (scores.get(hit.id) ?? 0) + weight / (k + index + 1));
    });
  };
  add(vector, weights.vector);
  add(keyword, weights.keyword);
  return sortByScore(scores);
}

function convexFusion(
  vector: readonly FusionHit[],
  keyword: readonly FusionHit[],
  weights: FusionWeights,
  normalization: ScoreNormalization,
): FusionHit[] {
  const dense = normalize(vector, normalization);
  const lexical = normalize(keyword, normalization);
  const scores = new Map<string, number>();
  for (const id of [...dense.scores.keys(), ...lexical.scores.keys()]) {
    if (scores.has(id)) continue;
    scores.set(
      id,
      weights.vector * (dense.scores.get(id) ?? dense.floor) +
        weights.keyword * (lexical.scores.get(id) ?? lexical.floor),
    );
  }
  return sortByScore(scores);
}

/** Normalised scores of one list, and the value given to ids the list did not return. */
function normalize(
  list: readonly FusionHit[],
  normalization: ScoreNormalization,
): { scores: Map<string, number>; floor: number } {
  if (list.length === 0) return { scores: new Map(), floor: 0 };
  let center: number;
  let scale: number;
  if (normalization === 'min-max') {
    const max = list.reduce((best, hit) => Math.max(best, hit.score), Number.NEGATIVE_INFINITY);
    center = list.reduce((least, hit) => Math.min(least, hit.score), Number.POSITIVE_INFINITY);
    scale = max - center;
  } else {
    center = list.reduce((sum, hit) => sum + hit.score, 0) / list.length;
    scale = Math.sqrt(list.reduce((sum, hit) => sum + (hit.score - center) ** 2, 0) / list.length);
  }
  // A list whose scores are all equal carries no preference: every hit maps to 0.
  const value = (score: number) => (scale > 0 ? (score - center) / scale : 0);
  const scores = new Map(list.map((hit) => [hit.id, value(hit.score)]));
  let floor = Number.POSITIVE_INFINITY;
  for (const score of scores.values()) floor = Math.min(floor, score);
  return { scores, floor };
}

/** Keeps the first (best) occurrence of each id. */
function dedupe(list: readonly FusionHit[]): FusionHit[] {
  const seen = new Set<string>();
  return list.filter((hit) => !seen.has(hit.id) && seen.add(hit.id) !== undefined);
}

function sortByScore(scores: Map<string, number>): FusionHit[] {
  // Array.prototype.sort is stable, so ties keep first-seen order (vector list first).
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
