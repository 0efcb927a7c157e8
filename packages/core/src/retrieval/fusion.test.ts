import { describe, expect, it } from 'vitest';
import { type FusionProfile, fuseRankings } from './fusion.js';

const vector = [
  { id: 'a', score: 3 },
  { id: 'b', score: 1 },
];
const keyword = [
  { id: 'b', score: 10 },
  { id: 'c', score: 6 },
  { id: 'd', score: 2 },
];

describe('fuseRankings with rrf', () => {
  it('sums weight / (k + rank) over both lists', () => {
    const fused = fuseRankings({ vector, keyword, method: 'rrf', weights: { vector: 1, keyword: 1 } });
    // b = 1/62 + 1/61, a = 1/61, c = 1/62, d = 1/63
    expect(fused.map((hit) => hit.id)).toEqual(['b', 'a', 'c', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]?.score).toBeCloseTo(1 / 61, 12);
  });

  it('follows the weights: a zero-weight list only breaks ties', () => {
    const fused = fuseRankings({ vector, keyword, method: 'rrf', weights: { vector: 0, keyword: 1 }, k: 10 });
    expect(fused.map((hit) => hit.id)).toEqual(['b', 'c', 'd', 'a']);
  });
});

describe('fuseRankings with convex z-score (the default)', () => {
  it('standardises each list and gives a missing hit that list’s lowest z-score', () => {
    // vector: mean 2, sd 1 → a = 1, b = −1 (floor −1)
    // keyword: mean 6, sd √(32/3) = 3.26599 → b = 1.22474, c = 0, d = −1.22474 (floor)
    // equal weights 0.5: b = 0.11237, a = −0.11237, c = −0.5, d = −1.11237
    const fused = fuseRankings({ vector, keyword });
    expect(fused.map((hit) => hit.id)).toEqual(['b', 'a', 'c', 'd']);
    expect(fused.map((hit) => hit.score)).toEqual([
      expect.closeTo(0.11237, 5),
      expect.closeTo(-0.11237, 5),
      expect.closeTo(-0.5, 5),
      expect.closeTo(-1.11237, 5),
    ]);
  });

  it('uses a profile’s weights, and explicit options over the profile', () => {
    const profile: FusionProfile = {
      method: 'convex',
      normalization: 'z-score',
      weights: { vector: 0.9, keyword: 0.1 },
    };
    // a = 0.9·1 + 0.1·(−1.22474) = 0.77753 beats b = 0.9·(−1) + 0.1·1.22474 = −0.77753
    expect(fuseRankings({ vector, keyword, profile })[0]?.id).toBe('a');
    expect(fuseRankings({ vector, keyword, profile, weights: { vector: 0.1, keyword: 0.9 } })[0]?.id).toBe(
      'b',
    );
  });

  it('supports min-max normalisation', () => {
    // vector: a = 1, b = 0; keyword: b = 1, c = 0.5, d = 0 (floor 0); equal weights
    const fused = fuseRankings({ vector, keyword, normalization: 'min-max' });
    expect(fused.map((hit) => [hit.id, hit.score])).toEqual([
      ['a', 0.5],
      ['b', 0.5],
      ['c', 0.25],
      ['d', 0],
    ]);
  });

  it('returns the other ranking when one list is empty, and handles flat scores', () => {
    expect(fuseRankings({ vector: [], keyword }).map((hit) => hit.id)).toEqual(['b', 'c', 'd']);
    const flat = [
      { id: 'x', score: 0.5 },
      { id: 'y', score: 0.5 },
    ];
    expect(fuseRankings({ vector: flat, keyword: [] }).map((hit) => hit.score)).toEqual([0, 0]);
  });
});

describe('fuseRankings input handling', () => {
  it('keeps only the first occurrence of a repeated id and honours limit', () => {
    const repeated = [...keyword, { id: 'b', score: -100 }];
    const fused = fuseRankings({ vector: [], keyword: repeated, method: 'rrf', limit: 2 });
    // default weights 0.5: b = 0.5/61, c = 0.5/62
    expect(fused).toEqual([
      { id: 'b', score: 0.5 / 61 },
      { id: 'c', score: 0.5 / 62 },
    ]);
  });
});
