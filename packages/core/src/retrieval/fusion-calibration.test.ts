import { describe, expect, it } from 'vitest';
import type { FusionHit } from './fusion.js';
import { type CalibrationDocument, calibrateFusion, samplePseudoQueries } from './fusion-calibration.js';

const documents: CalibrationDocument[] = Array.from({ length: 40 }, (_, index) => ({
  id: `doc-${index}`,
  // The middle sentence has 14 words, each unique to its document; the others are too short to sample.
  text: `Short one. ${Array.from({ length: 14 }, (_, word) => `w${index}x${word}`).join(' ')}. Tiny.`,
}));

/** Finds the document whose text holds every word of the query: a perfect retriever on these pseudo-queries. */
const exact = async (queries: string[]): Promise<FusionHit[][]> =>
  queries.map((query) => {
    const words = query.split(' ');
    const found = documents.find((document) =>
      words.every((word) => document.text.split(/\s+/).includes(word)),
    );
    return found ? [{ id: found.id, score: 1 }] : [];
  });
const useless = async (queries: string[]): Promise<FusionHit[][]> =>
  queries.map(() => [{ id: 'nowhere', score: 1 }]);

describe('samplePseudoQueries', () => {
  it('draws distinct documents, from sentences of 8–40 words, reproducibly per seed', () => {
    const queries = samplePseudoQueries(documents, { sampleSize: 10, seed: 7 });
    expect(queries).toHaveLength(10);
    expect(new Set(queries.map((query) => query.targetId)).size).toBe(10);
    for (const { query, targetId } of queries) {
      const words = query.split(' ');
      expect(words.length).toBeGreaterThanOrEqual(3);
      expect(words.length).toBeLessThan(14); // a subset of the 14-word middle sentence
      expect(documents.find((document) => document.id === targetId)?.text).toContain(words[words.length - 1]);
    }
    expect(samplePseudoQueries(documents, { sampleSize: 10, seed: 7 })).toEqual(queries);
    expect(samplePseudoQueries(documents, { sampleSize: 10, seed: 8 })).not.toEqual(queries);
  });

  it('stops when the collection has no usable sentence', () => {
    expect(samplePseudoQueries([{ id: 'x', text: 'Too short.' }], { sampleSize: 5 })).toEqual([]);
  });
});

describe('calibrateFusion', () => {
  it('gives all weight to the retriever that finds the pseudo-queries’ sources', async () => {
    const profile = await calibrateFusion({
      documents,
      sampleSize: 20,
      searchVector: useless,
      searchKeyword: exact,
    });
    expect(profile.weights).toEqual({ vector: 0, keyword: 1 });
    expect(profile.calibration).toMatchObject({
      queries: 20,
      vectorNdcgAt10: 0,
      keywordNdcgAt10: 1,
      sharpness: 2,
    });
    expect(profile.method).toBe('convex');
  });

  it('weights two equally good retrievers equally, and falls back to equal weights when both fail', async () => {
    const good = await calibrateFusion({
      documents,
      sampleSize: 20,
      searchVector: exact,
      searchKeyword: exact,
    });
    expect(good.weights).toEqual({ vector: 0.5, keyword: 0.5 });
    const bad = await calibrateFusion({
      documents,
      sampleSize: 20,
      searchVector: useless,
      searchKeyword: useless,
    });
    expect(bad.weights).toEqual({ vector: 0.5, keyword: 0.5 });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const calibration = calibrateFusion({
      documents,
      searchVector: exact,
      searchKeyword: exact,
      abortSignal: controller.signal,
    });
    await expect(calibration).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
