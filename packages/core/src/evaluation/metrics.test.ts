import { describe, expect, it } from 'vitest';
import { evaluateRun, mrrAtK, ndcgAtK, recallAtK } from './metrics.js';

// Judgements: b graded 1, c graded 2, d graded 1 (never retrieved), a judged not relevant.
const judgements = new Map([
  ['a', 0],
  ['b', 1],
  ['c', 2],
  ['d', 1],
]);
const ranking = ['a', 'b', 'c'];

describe('ndcgAtK', () => {
  it('uses graded gains, a log2(rank + 1) discount and the ideal ordering of the qrels', () => {
    // DCG@3 = 0/log2(2) + 1/log2(3) + 2/log2(4) = 0.630930 + 1 = 1.630930
    // IDCG@3 = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.630930 + 0.5 = 3.130930
    expect(ndcgAtK(ranking, judgements, 3)).toBeCloseTo(1.63093 / 3.13093, 5); // 0.520909
  });

  it('cuts both the run and the ideal at k', () => {
    // DCG@2 = 1/log2(3) = 0.630930; IDCG@2 = 2 + 1/log2(3) = 2.630930
    expect(ndcgAtK(ranking, judgements, 2)).toBeCloseTo(0.63093 / 2.63093, 5); // 0.239814
  });

  it('is 1 for the ideal ranking and 0 when nothing relevant is found', () => {
    expect(ndcgAtK(['c', 'b', 'd'], judgements, 10)).toBeCloseTo(1, 10);
    expect(ndcgAtK(['a', 'x'], judgements, 10)).toBe(0);
  });

  it('counts a repeated document once', () => {
    // c at rank 1 earns 2; its repeat at rank 2 earns nothing. IDCG@2 = 2.630930
    expect(ndcgAtK(['c', 'c'], judgements, 2)).toBeCloseTo(2 / 2.63093, 5);
  });
});

describe('recallAtK', () => {
  it('is the share of relevant documents (grade > 0) in the first k', () => {
    expect(recallAtK(ranking, judgements, 2)).toBeCloseTo(1 / 3, 10); // b of {b, c, d}
    expect(recallAtK(ranking, judgements, 3)).toBeCloseTo(2 / 3, 10); // b, c of {b, c, d}
  });
});

describe('mrrAtK', () => {
  it('is 1 / rank of the first relevant document within k', () => {
    expect(mrrAtK(ranking, judgements, 10)).toBe(0.5); // b at rank 2
    expect(mrrAtK(ranking, judgements, 1)).toBe(0); // a at rank 1 has grade 0
  });
});

describe('evaluateRun', () => {
  it('averages over judged queries, scoring a missing query 0 and skipping queries with no relevant document', () => {
    const qrels = new Map([
      ['q1', new Map([['x', 1]])],
      ['q2', new Map([['y', 1]])],
      ['q3', new Map([['z', 0]])],
    ]);
    const run = new Map([['q1', ['w', 'x']]]);
    // q1: nDCG@10 = (1/log2 3)/1 = 0.630930, recall 1, MRR 0.5; q2 missing: all 0; q3 skipped.
    const summary = evaluateRun(run, qrels);
    expect(summary.queries).toBe(2);
    expect(summary.ndcgAt10).toBeCloseTo(0.63093 / 2, 5);
    expect(summary.recallAt100).toBe(0.5);
    expect(summary.mrrAt10).toBe(0.25);
  });
});
