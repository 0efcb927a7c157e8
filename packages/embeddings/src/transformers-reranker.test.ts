import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTransformersReranker } from './transformers-reranker.js';

// No cross-encoder weights are available offline, so scoring is exercised only where one is present:
// set LORE_TEST_RERANKER_DIR to a folder such as a local copy of Xenova/ms-marco-MiniLM-L-6-v2.
const rerankerDir = process.env.LORE_TEST_RERANKER_DIR;

describe('createTransformersReranker', () => {
  it('reports a missing model folder as MODEL_UNAVAILABLE with the fix', async () => {
    const reranker = createTransformersReranker({ model: 'no-such-reranker', modelsDir: tmpdir() });
    expect(reranker.modelId).toBe('no-such-reranker');
    await expect(reranker.rerank({ query: 'q', documents: ['d'] })).rejects.toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      message: expect.stringContaining('Set modelsDir to a folder'),
    });
  });

  it('names the missing ONNX file of an incomplete folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lore-reranker-'));
    writeFileSync(join(folder, 'config.json'), '{}');
    writeFileSync(join(folder, 'tokenizer.json'), '{}');
    mkdirSync(join(folder, 'onnx'));
    await expect(
      createTransformersReranker({ model: folder }).rerank({ query: 'q', documents: ['d'] }),
    ).rejects.toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      message: expect.stringContaining('has no onnx/model.onnx for dtype "fp32"'),
    });
  });

  it('returns an empty ranking for no documents and refuses work once closed', async () => {
    const reranker = createTransformersReranker({ model: 'anything', modelsDir: tmpdir() });
    expect(await reranker.rerank({ query: 'q', documents: [] })).toEqual({ ranking: [] });
    await reranker.close();
    await expect(reranker.rerank({ query: 'q', documents: ['d'] })).rejects.toMatchObject({
      code: 'MODEL_UNAVAILABLE',
    });
  });

  it.runIf(rerankerDir)('ranks the relevant passage first with a real cross-encoder', async () => {
    const reranker = createTransformersReranker({ model: rerankerDir as string });
    const { ranking } = await reranker.rerank({
      query: 'How many people live in Berlin?',
      documents: [
        'Berlin is well known for its museums.',
        'Berlin has a population of 3,520,031 registered inhabitants.',
      ],
      topN: 1,
    });
    expect(ranking).toHaveLength(1);
    expect(ranking[0]?.index).toBe(1);
    expect(ranking[0]?.score).toBeGreaterThan(0.5);
    await reranker.close();
  });
});
