/**
 * Real embeddings for the ANN bench: SciFact abstracts chunked by Lore's chunker (128 tokens) and embedded
 * with the default model (multilingual-e5-small, q8, `passage: ` prefix), the test queries with `query: `.
 * Embedding takes minutes on two cores, so the vectors are cached in a file (`<cache>.json` for the chunks,
 * `<cache>.bin` for the float32 vectors) and later runs read them back.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chunkDocument, type IndexedChunk } from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';

export interface RealVectors {
  model: string;
  dimensions: number;
  chunks: { id: string; documentId: string; text: string }[];
  /** One vector per chunk, row after row. */
  chunkVectors: Float32Array;
  queries: string[];
  queryVectors: Float32Array;
}

export interface RealVectorOptions {
  dataset: string;
  modelsDir: string;
  model: string;
  /** File path without extension. */
  cache: string;
  /** Stop embedding passages after this many seconds (the chunks embedded by then are kept). */
  maxSeconds: number;
}

const jsonl = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { _id: string; title?: string; text: string });

/** Reads the cached vectors, or embeds the dataset (within `maxSeconds`) and caches them. */
export async function loadRealVectors(options: RealVectorOptions): Promise<RealVectors> {
  const metaFile = `${options.cache}.json`;
  const binFile = `${options.cache}.bin`;
  if (existsSync(metaFile) && existsSync(binFile)) {
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Omit<
      RealVectors,
      'chunkVectors' | 'queryVectors'
    >;
    const bytes = await readFile(binFile);
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const split = meta.chunks.length * meta.dimensions;
    return { ...meta, chunkVectors: all.slice(0, split), queryVectors: all.slice(split) };
  }

  const embedder = createTransformersEmbedder({ model: options.model, modelsDir: options.modelsDir });
  try {
    const tokenizer = await embedder.tokenizer();
    const corpus = await jsonl(join(options.dataset, 'corpus.jsonl'));
    const queries = (await jsonl(join(options.dataset, 'queries.test.jsonl'))).map((query) => query.text);
    const { embeddings: queryEmbeddings } = await embedder.embed({ values: queries, kind: 'query' });
    const dimensions = queryEmbeddings[0]?.length ?? 0;

    const chunks: RealVectors['chunks'] = [];
    const vectors: number[][] = [];
    const started = performance.now();
    const perCall = 64;
    for (let position = 0; position < corpus.length; position += perCall) {
      const batch = corpus.slice(position, position + perCall).flatMap((source) => {
        const text = `${source.title ?? ''}\n\n${source.text}`;
        return chunkDocument({ text, mimeType: 'text/plain' }, { tokenizer, maxTokens: 128 }).map(
          (chunk, index) => ({ id: `${source._id}:${index}`, documentId: source._id, text: chunk.text }),
        );
      });
      const { embeddings } = await embedder.embed({ values: batch.map((chunk) => chunk.text) });
      chunks.push(...batch);
      vectors.push(...embeddings);
      const seconds = (performance.now() - started) / 1000;
      if (position % (perCall * 10) === 0)
        console.error(`  embedded ${chunks.length} chunks in ${seconds.toFixed(0)} s`);
      if (seconds > options.maxSeconds) break;
    }
    console.error(
      `  embedded ${chunks.length} chunks of ${new Set(chunks.map((chunk) => chunk.documentId)).size} abstracts in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    const flat = new Float32Array((vectors.length + queryEmbeddings.length) * dimensions);
    [...vectors, ...queryEmbeddings].forEach((vector, row) => {
      flat.set(vector, row * dimensions);
    });
    const meta = { model: embedder.modelId, dimensions, chunks, queries };
    await writeFile(metaFile, JSON.stringify(meta));
    await writeFile(binFile, Buffer.from(flat.buffer));
    return {
      ...meta,
      chunkVectors: flat.slice(0, vectors.length * dimensions),
      queryVectors: flat.slice(vectors.length * dimensions),
    };
  } finally {
    await embedder.close();
  }
}

const percentile50 = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Chunks for a table of any size: the real ones, then copies with seeded Gaussian noise (renormalised), scaled
 * so a copy's cosine to its original is the median cosine of a real chunk to its nearest chunk of another
 * abstract (300 sampled): a copy is as near as a real neighbour, not a duplicate. Copy `c` of abstract `d`
 * is document `c-d`.
 */
export function scaledCorpus(real: RealVectors) {
  const { dimensions } = real;
  const row = (position: number) =>
    real.chunkVectors.subarray(position * dimensions, (position + 1) * dimensions);
  const dot = (a: Float32Array, b: Float32Array) => {
    let sum = 0;
    for (let i = 0; i < dimensions; i++) sum += (a[i] as number) * (b[i] as number);
    return sum;
  };
  const count = real.chunks.length;
  const nearest: number[] = [];
  for (let sample = 0; sample < 300; sample++) {
    const position = Math.floor((sample * count) / 300);
    const own = real.chunks[position]?.documentId;
    let best = -1;
    for (let other = 0; other < count; other++) {
      if (real.chunks[other]?.documentId !== own) best = Math.max(best, dot(row(position), row(other)));
    }
    nearest.push(best);
  }
  const neighbourCosine = percentile50(nearest);
  // A unit vector plus noise of deviation sigma per coordinate has cosine about 1/√(1 + d·sigma²) to itself.
  const sigma = Math.sqrt((1 / neighbourCosine ** 2 - 1) / dimensions);

  function chunkAt(position: number): IndexedChunk {
    const source = position % count;
    const copy = Math.floor(position / count);
    const original = real.chunks[source] as RealVectors['chunks'][number];
    let vector = Array.from(row(source));
    if (copy > 0) {
      // xorshift32 seeded by the position, Box-Muller for normal noise: the same copies on every run.
      let state = (position * 2654435761) >>> 0 || 1;
      const uniform = () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return ((state >>> 0) + 1) / 4294967297;
      };
      vector = vector.map(
        (value) => value + sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
      );
      const norm = Math.hypot(...vector);
      vector = vector.map((value) => value / norm);
    }
    return {
      id: `${copy}-${original.id}`,
      documentId: `${copy}-${original.documentId}`,
      index: 0,
      text: original.text,
      vector,
      start: 0,
      end: original.text.length,
      page: null,
    };
  }
  return { neighbourCosine, sigma, chunkAt };
}
