import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { LoreError } from '@lore/core/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedModels } from './model-cache.js';
import { createTransformersEmbedder, type TransformersEmbedder } from './transformers-embedder.js';

const modelsDir = process.env.LORE_TEST_MODELS_DIR as string;
const model = 'use-lite-en';

const texts = [
  'The cat sat on the mat.',
  'Vaccines train the immune system to recognise a virus before an infection.',
  'Stock markets fell sharply after the central bank raised interest rates by half a point, the largest rise in two decades.',
  'Hi',
  'Mitochondria produce most of the chemical energy that powers the biochemical reactions of a cell.',
];

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
}

function maxDifference(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => {
    row.forEach((value, k) => {
      max = Math.max(max, Math.abs(value - (b[i]?.[k] ?? Number.NaN)));
    });
  });
  return max;
}

async function rejection(promise: Promise<unknown>): Promise<LoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!LoreError.is(error)) throw new Error(`expected a LoreError, got ${String(error)}`);
  return error;
}

describe('createTransformersEmbedder with use-lite-en', () => {
  let embedder: TransformersEmbedder;
  beforeAll(() => {
    embedder = createTransformersEmbedder({ model, modelsDir, batchSize: 4 });
  });
  afterAll(() => embedder.close());

  it('names the model stably and returns 512-d unit vectors', async () => {
    expect(embedder.provider).toBe('transformers');
    expect(embedder.modelId).toBe('use-lite-en');
    expect(await embedder.dimensions()).toBe(512);
    const { embeddings } = await embedder.embed({ values: texts });
    expect(embeddings).toHaveLength(texts.length);
    for (const vector of embeddings) {
      expect(vector).toHaveLength(512);
      expect(Math.sqrt(cosine(vector, vector))).toBeCloseTo(1, 5);
    }
  });

  it('places a paraphrase closer than an unrelated sentence', async () => {
    const { embeddings } = await embedder.embed({
      values: [
        'How do I reset my password?',
        'I forgot my password and need to change it.',
        'The tide comes in twice a day.',
      ],
    });
    const [question, paraphrase, unrelated] = embeddings as [number[], number[], number[]];
    expect(cosine(question, paraphrase)).toBeGreaterThan(cosine(question, unrelated) + 0.1);
  });

  it('gives the same vectors in a sorted, padded batch as one by one', async () => {
    const values = [...texts].reverse();
    const batched = (await embedder.embed({ values })).embeddings;
    const single: number[][] = [];
    for (const value of values) single.push(...(await embedder.embed({ values: [value] })).embeddings);
    expect(maxDifference(batched, single)).toBeLessThan(1e-5);
  });

  it('coalesces concurrent calls into one model run and routes results back in order', async () => {
    const alone = (await embedder.embed({ values: texts.slice(0, 4) })).embeddings;
    const coalescing = createTransformersEmbedder({ model, modelsDir, batchSize: 32 });
    await coalescing.dimensions();
    const before = coalescing.stats().batches;
    const results = await Promise.all(
      texts.slice(0, 4).map((value) => coalescing.embed({ values: [value] })),
    );
    expect(coalescing.stats().batches - before).toBe(1);
    expect(
      maxDifference(
        results.map((result) => result.embeddings[0] as number[]),
        alone,
      ),
    ).toBeLessThan(1e-5);
    await coalescing.close();
  });

  it('splits one call into batches within batchTokens and returns the vectors in input order', async () => {
    const alone: number[][] = [];
    for (const value of texts)
      alone.push((await embedder.embed({ values: [value] })).embeddings[0] as number[]);
    const tight = createTransformersEmbedder({ model, modelsDir, batchSize: 32, batchTokens: 40 });
    await tight.tokenizer(); // sizes by tokens from the first call
    const { embeddings } = await tight.embed({ values: texts });
    expect(tight.stats().batches).toBeGreaterThan(1); // one batch of 5 without the budget
    expect(maxDifference(embeddings, alone)).toBeLessThan(1e-5);
    await tight.close();
  });

  it('serves a repeated query from the LRU cache without running the model', async () => {
    const first = await embedder.embed({ values: ['what powers a cell?'], kind: 'query' });
    const { batches, queryCacheHits } = embedder.stats();
    const second = await embedder.embed({ values: ['what powers a cell?'], kind: 'query' });
    expect(embedder.stats().batches).toBe(batches);
    expect(embedder.stats().queryCacheHits).toBe(queryCacheHits + 1);
    expect(second.embeddings).toEqual(first.embeddings);
  });

  it('applies the query and document prefixes', async () => {
    const prefixed = createTransformersEmbedder({
      model,
      modelsDir,
      queryPrefix: 'query: ',
      documentPrefix: 'passage: ',
    });
    const [query] = (await prefixed.embed({ values: ['tides'], kind: 'query' })).embeddings as [number[]];
    const [document] = (await prefixed.embed({ values: ['tides'], kind: 'document' })).embeddings as [
      number[],
    ];
    const [expectedQuery, expectedDocument, bare] = (
      await embedder.embed({ values: ['query: tides', 'passage: tides', 'tides'] })
    ).embeddings as [number[], number[], number[]];
    expect(maxDifference([query, document], [expectedQuery, expectedDocument])).toBeLessThan(1e-5);
    expect(cosine(query, bare)).toBeLessThan(0.999);
    await prefixed.close();
  });

  it('counts tokens with the model tokenizer, without special tokens', async () => {
    const counter = await embedder.tokenizer();
    const reference = await AutoTokenizer.from_pretrained(join(modelsDir, model), { local_files_only: true });
    for (const text of texts) {
      expect(counter.count(text)).toBe(reference.encode(text, { add_special_tokens: false }).length);
    }
    expect(counter.count('')).toBe(0);
    expect(counter.maxTokens).toBe(128);
  });

  it('rejects an aborted caller while the others in its batch still get vectors', async () => {
    const controller = new AbortController();
    const aborted = embedder.embed({ values: [texts[0] as string], abortSignal: controller.signal });
    const other = embedder.embed({ values: [texts[1] as string] });
    controller.abort();
    expect((await rejection(aborted)).code).toBe('ABORTED');
    expect((await other).embeddings[0]).toHaveLength(512);
  });

  it('rejects empty texts with BAD_REQUEST', async () => {
    expect((await rejection(embedder.embed({ values: ['fine', '  '] }))).code).toBe('BAD_REQUEST');
  });

  it('shares one loaded model between embedders of the same folder', async () => {
    const twin = createTransformersEmbedder({ model: join(modelsDir, model) });
    await twin.embed({ values: ['shared'] });
    const keys = sharedModels
      .keys()
      .filter((key) => key.includes(join(modelsDir, model)) && key.includes('AutoModel'));
    expect(keys).toHaveLength(1);
    await twin.close();
  });
});

describe('createTransformersEmbedder errors and lifecycle', () => {
  it('reports a missing model folder as MODEL_UNAVAILABLE with the fix', async () => {
    const embedder = createTransformersEmbedder({ model: 'no-such-model', modelsDir });
    const error = await rejection(embedder.embed({ values: ['x'] }));
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.message).toContain(join(modelsDir, 'no-such-model'));
    expect(error.message).toContain('Set modelsDir to a folder');
    expect(error.settings).toEqual(['modelsDir']);
    expect((await rejection(embedder.tokenizer())).code).toBe('MODEL_UNAVAILABLE');
  });

  it('names the missing tokenizer.json in an incomplete folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lore-model-'));
    writeFileSync(join(folder, 'config.json'), '{"model_type":"bert"}');
    const error = await rejection(createTransformersEmbedder({ model: folder }).embed({ values: ['x'] }));
    expect(error.message).toContain(`Model folder ${folder} has no tokenizer.json`);
  });

  it('names the dtypes a folder has when the asked one is missing', async () => {
    const embedder = createTransformersEmbedder({ model, modelsDir, dtype: 'q8' });
    expect(embedder.modelId).toBe('use-lite-en@q8');
    const error = await rejection(embedder.embed({ values: ['x'] }));
    expect(error.message).toMatch(/no onnx\/model_quantized\.onnx for dtype "q8"; it has dtype "fp32"/);
  });

  it('falls back from an unavailable CUDA device to the CPU with exactly one warning', async () => {
    const warnings: string[] = [];
    const embedder = createTransformersEmbedder({
      model,
      modelsDir,
      device: 'cuda',
      logger: { warn: (message) => warnings.push(message) },
    });
    await Promise.all([
      embedder.embed({ values: ['a'] }),
      embedder.embed({ values: ['b'] }),
      embedder.dimensions(),
    ]);
    await embedder.embed({ values: ['c'] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Device "cuda" is not available .*running on the CPU/);
    expect(embedder.stats().device).toBe('cpu');
    await embedder.close();
  });

  it('fails with a clear error when the device is strict', async () => {
    const embedder = createTransformersEmbedder({
      model,
      modelsDir,
      device: 'cuda',
      strictDevice: true,
      logger: { warn: () => {} },
    });
    const error = await rejection(embedder.embed({ values: ['a'] }));
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.message).toMatch(/Device "cuda" is not available/);
    expect(error.cause).toBeDefined();
  });

  it('rejects queued and later calls once closed, and frees the shared model', async () => {
    const embedder = createTransformersEmbedder({ model, modelsDir, threads: 1 });
    await embedder.embed({ values: ['warm up'] });
    const queued = embedder.embed({ values: ['queued'] });
    await embedder.close();
    expect((await rejection(queued)).code).toBe('MODEL_UNAVAILABLE');
    const error = await rejection(embedder.embed({ values: ['later'] }));
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.message).toMatch(/closed/);
    expect(sharedModels.keys().some((key) => key.includes('AutoModel') && key.endsWith(',1]'))).toBe(false);
  });
});
