/**
 * Embedding throughput: the simplest transformers.js loop against the Lore embedder, on the first N SciFact
 * passages, each variant in its own child process so peak RSS is its own.
 *
 *   npx tsx --conditions=lore-source packages/embeddings/bench/embed.ts [--limit 2000] [--batch-size 32] [--threads N]
 *     [--q8-models-dir "$(scripts/prepare-embedding-model.sh | tail -1)"]
 *
 * With `--q8-models-dir` (a folder whose use-lite-en/ has onnx/model_quantized.onnx) a third row runs the Lore
 * embedder on the int8 weights, and the cosine between its vectors and the fp32 ones is printed for every chunk.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values: flags } = parseArgs({
  options: {
    limit: { type: 'string', default: '2000' },
    'batch-size': { type: 'string', default: '16' },
    words: { type: 'string', default: '100' },
    threads: { type: 'string' },
    variant: { type: 'string' },
    corpus: { type: 'string', default: resolve(root, '../shared/data/scifact/corpus.jsonl') },
    'models-dir': {
      type: 'string',
      default: process.env.LORE_MODELS_DIR ?? resolve(root, '../shared/models'),
    },
    'q8-models-dir': { type: 'string' },
  },
});

interface Measurement {
  variant: string;
  chunks: number;
  loadMs: number;
  seconds: number;
  peakRssMb: number;
  loadedRssMb: number;
  sample: number[][];
  /** Every vector, row after row (Lore variants only), to compare fp32 with q8. */
  vectors?: Float32Array;
}

function readChunks(limit: number): string[] {
  const lines = readFileSync(flags.corpus, 'utf8').split('\n').filter(Boolean).slice(0, limit);
  return lines.map((line) => {
    const { title, text } = JSON.parse(line) as { title: string; text: string };
    return `${title} ${text}`.split(/\s+/).slice(0, Number(flags.words)).join(' '); // use-lite-en reads 128 tokens at most
  });
}

interface Run {
  loadMs: number;
  seconds: number;
  sample: number[][];
  /** RSS once the model is loaded and warm, so the table can show what embedding itself adds. */
  loadedRssMb: number;
  vectors?: Float32Array;
}

const rssMb = () => process.memoryUsage().rss / 1_048_576;

async function simpleLoop(chunks: string[]): Promise<Run> {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.localModelPath = flags['models-dir']; // the documented recipe; this child process is the only user
  env.allowRemoteModels = false;
  let start = performance.now();
  const extractor = await pipeline('feature-extraction', 'use-lite-en', { dtype: 'fp32' });
  await extractor('warm up', { pooling: 'cls', normalize: true });
  const loadMs = performance.now() - start;
  const loadedRssMb = rssMb();
  const sample: number[][] = [];
  start = performance.now();
  for (const chunk of chunks) {
    const output = await extractor(chunk, { pooling: 'cls', normalize: true });
    if (sample.length < 5) sample.push(Array.from(output.data as Float32Array));
  }
  return { loadMs, seconds: (performance.now() - start) / 1000, sample, loadedRssMb };
}

async function loreEmbedder(chunks: string[], dtype: 'fp32' | 'q8'): Promise<Run> {
  const { createTransformersEmbedder } = await import('../src/index.js');
  const embedder = createTransformersEmbedder({
    model: 'use-lite-en',
    modelsDir: dtype === 'q8' ? flags['q8-models-dir'] : flags['models-dir'],
    dtype,
    batchSize: Number(flags['batch-size']),
    ...(flags.threads ? { threads: Number(flags.threads) } : {}),
  });
  let start = performance.now();
  await embedder.embed({ values: ['warm up'] });
  const loadMs = performance.now() - start;
  const loadedRssMb = rssMb();
  start = performance.now();
  // The ingest worker's pattern: one call per batch of claimed documents' chunks.
  const embeddings: number[][] = [];
  for (let offset = 0; offset < chunks.length; offset += 256) {
    embeddings.push(
      ...(await embedder.embed({ values: chunks.slice(offset, offset + 256), kind: 'document' })).embeddings,
    );
  }
  const seconds = (performance.now() - start) / 1000;
  await embedder.close();
  return {
    loadMs,
    seconds,
    sample: embeddings.slice(0, 5),
    loadedRssMb,
    vectors: new Float32Array(embeddings.flat()),
  };
}

async function child(variant: string): Promise<void> {
  const chunks = readChunks(Number(flags.limit));
  const result =
    variant === 'simple'
      ? await simpleLoop(chunks)
      : await loreEmbedder(chunks, variant === 'lore-q8' ? 'q8' : 'fp32');
  const measurement: Measurement = {
    variant,
    chunks: chunks.length,
    ...result,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  if (process.send) process.send(measurement);
  else
    console.log(
      JSON.stringify({
        ...measurement,
        sample: undefined,
        vectors: undefined,
        chunksPerSecond: measurement.chunks / measurement.seconds,
      }),
    );
}

function runChild(variant: string): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const args = process.argv
      .slice(2)
      .filter((arg, index, all) => arg !== '--variant' && all[index - 1] !== '--variant');
    const worker = fork(fileURLToPath(import.meta.url), [...args, '--variant', variant], {
      execArgv: process.execArgv,
      serialization: 'advanced', // sends the Float32Array of vectors as is
    });
    let measurement: Measurement | undefined;
    worker.on('message', (message) => {
      measurement = message as Measurement;
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      measurement ? resolvePromise(measurement) : reject(new Error(`${variant} exited with ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  if (flags.variant) return child(flags.variant);
  const simple = await runChild('simple');
  const lore = await runChild('lore');
  const quantized = flags['q8-models-dir'] ? await runChild('lore-q8') : undefined;
  let maxDiff = 0;
  simple.sample.forEach((row, i) => {
    row.forEach((value, k) => {
      maxDiff = Math.max(maxDiff, Math.abs(value - (lore.sample[i]?.[k] ?? Number.NaN)));
    });
  });
  const label: Record<string, string> = {
    simple: 'transformers.js loop (1 call/chunk, fp32)',
    lore: `Lore embedder (batch ${flags['batch-size']}, fp32)`,
    'lore-q8': `Lore embedder (batch ${flags['batch-size']}, q8)`,
  };
  const rows = [simple, lore, ...(quantized ? [quantized] : [])].map((m) => ({
    variant: label[m.variant],
    chunks: m.chunks,
    'load ms': Math.round(m.loadMs),
    'RSS loaded MB': Math.round(m.loadedRssMb),
    'chunks/s': Number((m.chunks / m.seconds).toFixed(1)),
    'speed-up': `${(simple.seconds / m.seconds).toFixed(2)}x`,
    'peak RSS MB': Math.round(m.peakRssMb),
  }));
  console.table(rows);
  console.log(`max |difference| of the first 5 vectors, loop vs Lore fp32: ${maxDiff.toExponential(1)}`);
  if (quantized?.vectors && lore.vectors) {
    const { mean, min } = cosines(lore.vectors, quantized.vectors, 512);
    console.log(
      `cosine fp32 vs q8 over ${lore.chunks} chunks: mean ${mean.toFixed(4)}, min ${min.toFixed(4)}`,
    );
  }
  console.log(
    'The Lore child also imports @lore/core (for LoreError), whose storage stack adds about 200 MB RSS before any model loads.',
  );
}

/** Cosine of each pair of rows (the vectors are unit length, so the dot product). */
function cosines(a: Float32Array, b: Float32Array, dimensions: number): { mean: number; min: number } {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  const rows = a.length / dimensions;
  for (let row = 0; row < rows; row++) {
    let dot = 0;
    for (let k = row * dimensions; k < (row + 1) * dimensions; k++) dot += (a[k] ?? 0) * (b[k] ?? 0);
    sum += dot;
    min = Math.min(min, dot);
  }
  return { mean: sum / rows, min };
}

await main();
