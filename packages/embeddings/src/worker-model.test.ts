import { LoreError } from '@lore/core/errors';
import { describe, expect, it } from 'vitest';
import { sharedModels } from './model-cache.js';
import { resolveModelSource } from './model-source.js';
import { createTransformersEmbedder } from './transformers-embedder.js';
import { acquireWorkerModel } from './worker-model.js';
import { deserializeError, serializeError } from './worker-protocol.js';

const modelsDir = process.env.LORE_TEST_MODELS_DIR as string;
const source = resolveModelSource({ model: 'use-lite-en', modelsDir });
const run = { pooling: 'cls', normalize: true, maxTokens: undefined } as const;
const loadOptions = { dtype: 'fp32', device: 'cpu', strictDevice: false, logger: console } as const;

async function rejection(promise: Promise<unknown>): Promise<LoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!LoreError.is(error)) throw new Error(`expected a LoreError, got ${String(error)}`);
  return error;
}

describe('the embedding worker', () => {
  it('fails in-flight calls with MODEL_UNAVAILABLE when its worker crashes, then restarts on the next call', async () => {
    const lease = acquireWorkerModel(source, { ...loadOptions, threads: 2 });
    const model = await lease.value;
    const first = model.worker;
    const texts = Array.from({ length: 64 }, (_, index) => `sentence number ${index} about the tides`);
    const inFlight = model.embed(texts, run);
    await first?.terminate();
    const error = await rejection(inFlight);
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.message).toMatch(/stopped unexpectedly.*the next call starts a new worker/);
    const [vector] = await model.embed(['after the crash'], run);
    expect(vector).toHaveLength(512);
    expect(model.worker).toBeDefined();
    expect(model.worker).not.toBe(first);
    await lease.release();
    expect(model.worker).toBeUndefined();
  });

  it('runs one worker per shared model and stops it with the last holder', async () => {
    const a = createTransformersEmbedder({ model: 'use-lite-en', modelsDir, threads: 3 });
    const b = createTransformersEmbedder({ model: 'use-lite-en', modelsDir, threads: 3 });
    const [left, right] = await Promise.all([
      a.embed({ values: ['same text'] }),
      b.embed({ values: ['same text'] }),
    ]);
    expect(left.embeddings).toEqual(right.embeddings);
    const ours = () => sharedModels.keys().filter((key) => key.includes('worker') && key.endsWith(',3]'));
    expect(ours()).toHaveLength(1);
    await a.close();
    expect(ours()).toHaveLength(1);
    expect((await b.embed({ values: ['still served'] })).embeddings[0]).toHaveLength(512);
    await b.close();
    expect(ours()).toHaveLength(0);
  });

  it('spreads concurrent batches over several workers, with the vectors one worker gives', async () => {
    const texts = Array.from({ length: 8 }, (_, index) => `passage ${index} on tidal energy and its costs`);
    const single = acquireWorkerModel(source, { ...loadOptions, threads: 1 });
    const pool = acquireWorkerModel(source, { ...loadOptions, threads: 1, workers: 2 });
    const [one, two] = await Promise.all([single.value, pool.value]);
    expect(two.workers).toBe(2);
    const expected = await one.embed(texts, run);
    const halves = await Promise.all([two.embed(texts.slice(0, 4), run), two.embed(texts.slice(4), run)]);
    expect(halves.flat()).toEqual(expected);
    // The second of two concurrent calls runs on the other worker: crashing the first spares it.
    const onFirst = two.embed(texts, run);
    const onSecond = two.embed(texts, run);
    await two.worker?.terminate();
    expect((await rejection(onFirst)).code).toBe('MODEL_UNAVAILABLE');
    expect(await onSecond).toEqual(expected);
    await Promise.all([single.release(), pool.release()]);
  });

  it('runs one call at a time per worker, an urgent one before the bulk calls waiting there', async () => {
    const lease = acquireWorkerModel(source, { ...loadOptions, threads: 1 });
    const model = await lease.value;
    const bulk = Array.from(
      { length: 64 },
      (_, index) => `bulk passage ${index} about the tides and the moon`,
    );
    const order: string[] = [];
    const track = (name: string, call: Promise<unknown>) => call.then(() => order.push(name));
    await Promise.all([
      track('first', model.embed(bulk, run)),
      track('second', model.embed(bulk, run)),
      track('third', model.embed(bulk, run)),
      track('query', model.embed(['a question'], { ...run, urgent: true })),
    ]);
    expect(order).toEqual(['first', 'query', 'second', 'third']);
    await lease.release();
  });

  it('carries a LoreError code, message and cause across the thread boundary', () => {
    const original = new LoreError('MODEL_UNAVAILABLE', 'No such folder.', { cause: new TypeError('boom') });
    const copy = deserializeError(structuredClone(serializeError(original)));
    expect(LoreError.is(copy) && copy.code).toBe('MODEL_UNAVAILABLE');
    expect(copy.message).toBe('No such folder.');
    expect(copy.cause).toBeInstanceOf(Error);
    expect((copy.cause as Error).name).toBe('TypeError');
  });
});
