/** Graded relevance judgements: query id → document id → grade (0 = judged not relevant). */
export type Qrels = Map<string, Map<string, number>>;

/** A system's answer: query id → document ids, best first. */
export type Run = Map<string, readonly string[]>;

/** Mean scores over the judged queries, plus how many queries were averaged. */
export interface EvaluationSummary {
  ndcgAt10: number;
  recallAt100: number;
  mrrAt10: number;
  queries: number;
}

/** nDCG@k as trec_eval's `ndcg_cut` (and so BEIR) computes it: gain = grade, discount log2(rank + 1). */
export function ndcgAtK(
  ranking: readonly string[],
  judgements: ReadonlyMap<string, number>,
  k: number,
): number {
  let dcg = 0;
  const seen = new Set<string>();
  const depth = Math.min(k, ranking.length);
  for (let rank = 1; rank <= depth; rank++) {
    const id = ranking[rank - 1] as string;
    // A document listed twice earns its gain once, as in trec_eval, which deduplicates runs.
    if (seen.has(id)) continue;
    seen.add(id);
    const grade = judgements.get(id) ?? 0;
    if (grade > 0) dcg += grade / Math.log2(rank + 1);
  }
  const ideal = [...judgements.values()].filter((grade) => grade > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let rank = 1; rank <= Math.min(k, ideal.length); rank++)
    idcg += (ideal[rank - 1] as number) / Math.log2(rank + 1);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Recall@k: the share of relevant documents (grade > 0) found in the first k. */
export function recallAtK(
  ranking: readonly string[],
  judgements: ReadonlyMap<string, number>,
  k: number,
): number {
  let relevant = 0;
  for (const grade of judgements.values()) if (grade > 0) relevant++;
  if (relevant === 0) return 0;
  const found = new Set(ranking.slice(0, k).filter((id) => (judgements.get(id) ?? 0) > 0));
  return found.size / relevant;
}

/** MRR@k: 1 / rank of the first relevant document within the first k, else 0. */
export function mrrAtK(
  ranking: readonly string[],
  judgements: ReadonlyMap<string, number>,
  k: number,
): number {
  const depth = Math.min(k, ranking.length);
  for (let rank = 1; rank <= depth; rank++) {
    if ((judgements.get(ranking[rank - 1] as string) ?? 0) > 0) return 1 / rank;
  }
  return 0;
}

/**
 * Averages nDCG@10, Recall@100 and MRR@10 over every query that has a relevant judgement;
 * a judged query missing from the run scores 0, as in trec_eval with `-c`.
 */
export function evaluateRun(run: Run, qrels: Qrels): EvaluationSummary {
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  let queries = 0;
  for (const [queryId, judgements] of qrels) {
    if (![...judgements.values()].some((grade) => grade > 0)) continue;
    queries++;
    const ranking = run.get(queryId) ?? [];
    ndcg += ndcgAtK(ranking, judgements, 10);
    recall += recallAtK(ranking, judgements, 100);
    mrr += mrrAtK(ranking, judgements, 10);
  }
  if (queries === 0) return { ndcgAt10: 0, recallAt100: 0, mrrAt10: 0, queries: 0 };
  return { ndcgAt10: ndcg / queries, recallAt100: recall / queries, mrrAt10: mrr / queries, queries };
}
