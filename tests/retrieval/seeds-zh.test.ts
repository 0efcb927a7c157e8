import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLore, type Lore } from '@lore/core';
import { keyPhraseRank, readKeyPhraseQuestions, summarizeRanks } from '@lore/core/evaluation';
import { createTransformersEmbedder } from '@lore/embeddings';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The product's default embedder as a hub user gets it (Xenova/multilingual-e5-small: q8 weights, mean
// pooling, "query: "/"passage: " prefixes), from the int8 copy scripts/prepare-embedding-model.sh makes of
// the real weights. Three of the four seeds-zh documents: the realistic small collection.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const modelsDir = process.env.LORE_TEST_QUANTIZED_MODELS_DIR;
const model = 'Xenova/multilingual-e5-small';
const available = modelsDir !== undefined && existsSync(join(modelsDir, model, 'onnx/model_quantized.onnx'));
const seeds = resolve(root, '../shared/data/seeds-zh');
const files = ['001_7f26894f93d62018.txt', '002_66446a7355d9cbb1.txt', '004_88f437957ea93c68.txt'];
if (!available && process.env.CI) throw new Error(`CI needs ${model} in LORE_TEST_QUANTIZED_MODELS_DIR`);

describe.skipIf(!available)('seeds-zh, three documents, the default embedder', () => {
  let lore: Lore;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lore-zh-'));
    lore = await createLore({ dataDir, embedder: createTransformersEmbedder({ model, modelsDir }) });
    await lore.collections.create({ name: 'zh' });
    const result = await lore.ingest({
      collection: 'zh',
      documents: files.map((file) => ({ path: join(seeds, file) })),
      wait: true,
    });
    expect(result.documents.map((document) => document.status)).toEqual(['indexed', 'indexed', 'indexed']);
  }, 600_000);
  afterAll(async () => {
    await lore?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('hybrid finds the answer in the top 5 for nearly every question, never below vector or keyword alone', async () => {
    const questions = (await readKeyPhraseQuestions(join(root, 'tests/eval/seeds-zh.jsonl'))).filter(
      (question) => question.document && files.includes(question.document),
    );
    expect(questions.length).toBeGreaterThanOrEqual(20);
    const hitAt5: Record<string, number> = {};
    for (const mode of ['hybrid', 'vector', 'keyword'] as const) {
      const ranks: number[] = [];
      for (const question of questions) {
        const results = await lore.search({ collection: 'zh', query: question.question, mode, topK: 10 });
        ranks.push(
          keyPhraseRank(
            results.map((result) => result.text),
            question.keyPhrase,
          ),
        );
      }
      hitAt5[mode] = summarizeRanks(ranks).hitAt5;
    }
    expect(hitAt5.hybrid).toBeGreaterThanOrEqual(0.9);
    expect(hitAt5.hybrid).toBeGreaterThanOrEqual(Math.max(hitAt5.vector ?? 0, hitAt5.keyword ?? 0));
  });

  test('a keyword search right after ingestion ranks exact words first, in Chinese and full width', async () => {
    const [top] = await lore.search({
      collection: 'zh',
      query: 'ＧＰＴ－３ 预训练成本',
      mode: 'keyword',
      topK: 1,
    });
    expect(top?.text).toContain('460 万美元');
  });
});
