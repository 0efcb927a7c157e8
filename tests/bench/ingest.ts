// npm run bench:ingest [-- --limit N] [--q8-only] [--batch-tokens N] [--workers N] — chunks/s and peak memory of Lore's ingestion of the SciFact
// corpus, against the simplest transformers.js loop (one call per chunk) over the same chunk texts, in the
// same run. Also process CPU per chunk (steadier than wall time on a shared machine), how many cores that
// kept busy on average, and how far Lore's batched vectors are from the loop's for the same texts and dtype.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { env, pipeline } from '@huggingface/transformers';
import { chunkDocument, createLore, loadDocument } from '@lore/core';
import { createTransformersEmbedder, presetFor } from '@lore/embeddings';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: resolve(import.meta.dirname, '../../../shared/data/scifact') },
    models: {
      type: 'string',
      default: process.env.LORE_MODELS_DIR ?? resolve(import.meta.dirname, '../../../shared/models'),
    },
    model: { type: 'string', default: 'use-lite-en' },
    limit: { type: 'string' },
    /** Folder holding use-lite-en with onnx/model_quantized.onnx (scripts/prepare-embedding-model.sh). */
    'q8-models': { type: 'string', default: process.env.LORE_TEST_QUANTIZED_MODELS_DIR },
    concurrency: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '64' },
    /** Embedding worker threads, each with its own copy of the model; the embedder's default when unset. */
    workers: { type: 'string' },
    /** ONNX intra-op threads of the embedder's worker; its default when unset. */
    threads: { type: 'string' },
    /** The embedder's padded-token budget per model call; its default when unset. */
    'batch-tokens': { type: 'string' },
    /** Only the q8 rows (needs --q8-models and --q8-loop): halves the run on a 12-layer model. */
    'q8-only': { type: 'boolean', default: false },
    /** Also time the simple loop on the q8 model, for a q8-to-q8 ratio. */
    'q8-loop': { type: 'boolean', default: false },
    /** Chunks whose batched vectors are compared with the loop's. */
    'check-vectors': { type: 'string', default: '1000' },
  },
});

/** Samples RSS while `work` runs and returns its wall time, process CPU time and the peak RSS seen. */
async function measure<T>(
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; cpuSeconds: number; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMiB: peak / 2 ** 20 };
}

const lines = (await readFile(join(values.dataset, 'corpus.jsonl'), 'utf8')).split('\n').filter(Boolean);
const corpus = lines.map((line) => JSON.parse(line) as { _id: string; title: string; text: string });
const documents = values.limit ? corpus.slice(0, Number(values.limit)) : corpus;
const texts = documents.map((d) => `${d.title}\n\n${d.text}`);
console.log(`SciFact: ${documents.length} documents, model ${values.model} from ${values.models}`);

// 1. Lore: the whole path (parse, chunk, embed, LanceDB + PGlite writes), waiting for the job.
async function ingestWithLore(modelsDir: string, dtype: 'fp32' | 'q8') {
  const dataDir = await mkdtemp(join(tmpdir(), 'lore-bench-'));
  const threads = values.threads ? Number(values.threads) : undefined;
  const workers = values.workers ? Number(values.workers) : undefined;
  const batchTokens = values['batch-tokens'] ? Number(values['batch-tokens']) : undefined;
  const embedder = createTransformersEmbedder({
    model: values.model,
    modelsDir,
    dtype,
    ...(threads ? { threads } : {}),
    ...(workers ? { workers } : {}),
    ...(batchTokens ? { batchTokens } : {}),
  });
  const lore = await createLore({
    dataDir,
    embedder,
    workerOptions: { concurrency: Number(values.concurrency), batchSize: Number(values['batch-size']) },
  });
  await lore.collections.create({ name: 'bench' });
  await embedder.dimensions(); // load the model before the clock starts, as the baseline does
  const phase = await measure(() =>
    lore.ingest({
      collection: 'bench',
      documents: texts.map((text, i) => ({ text, key: documents[i]?._id })),
      wait: true,
    }),
  );
  const chunks = phase.result.documents.reduce((sum, d) => sum + d.chunkCount, 0);
  const failed = phase.result.documents.filter((d) => d.status !== 'indexed').length;
  const tokenizer = await embedder.tokenizer();
  await lore.close();
  await rm(dataDir, { recursive: true, force: true });
  return { ...phase, chunks, failed, tokenizer };
}

const q8Only = values['q8-only'] && values['q8-models'] && values['q8-loop'];
const lorePhase = q8Only ? null : await ingestWithLore(values.models, 'fp32');
const q8Phase = values['q8-models'] ? await ingestWithLore(values['q8-models'], 'q8') : null;
const tokenizer = (lorePhase ?? q8Phase)?.tokenizer;
if (!tokenizer) throw new Error('No Lore run: pass --q8-models with --q8-only.');

// 2. The simplest loop: the same chunk texts, one pipeline call each.
const chunkTexts: string[] = [];
for (const text of texts) {
  const loaded = await loadDocument({ bytes: new TextEncoder().encode(text), mimeType: 'text/plain' });
  for (const chunk of chunkDocument(loaded, { tokenizer })) chunkTexts.push(chunk.text);
}
env.allowRemoteModels = false;
const checked = Math.min(chunkTexts.length, Number(values['check-vectors']));
// The loop feeds the model what Lore feeds it: the preset's document prefix (e5: `passage: `) and pooling.
const preset = presetFor(values.model);
async function simpleLoop(modelsDir: string, dtype: 'fp32' | 'q8') {
  env.localModelPath = modelsDir;
  const extractor = await pipeline('feature-extraction', values.model, { dtype });
  const vectors: Float32Array[] = [];
  const phase = await measure(async () => {
    for (const text of chunkTexts) {
      const output = await extractor(`${preset.documentPrefix}${text}`, {
        pooling: preset.pooling,
        normalize: preset.normalize,
      });
      if (vectors.length < checked) vectors.push(output.data as Float32Array);
    }
  });
  await extractor.dispose();
  return { ...phase, vectors };
}

/**
 * How far the embedder's batched vectors are from the loop's over the first checked chunks: the largest
 * component difference, the lowest cosine, and how many chunks differ by more than 1e-5 anywhere.
 */
async function vectorDifference(modelsDir: string, dtype: 'fp32' | 'q8', reference: Float32Array[]) {
  const batchTokens = values['batch-tokens'] ? Number(values['batch-tokens']) : undefined;
  const embedder = createTransformersEmbedder({
    model: values.model,
    modelsDir,
    dtype,
    ...(batchTokens ? { batchTokens } : {}),
  });
  const { embeddings } = await embedder.embed({ values: chunkTexts.slice(0, checked), kind: 'document' });
  await embedder.close();
  let max = 0;
  let lowestCosine = 1;
  let differing = 0;
  embeddings.forEach((vector, row) => {
    let rowMax = 0;
    let dot = 0;
    vector.forEach((value, k) => {
      const other = reference[row]?.[k] ?? Number.NaN;
      rowMax = Math.max(rowMax, Math.abs(value - other));
      dot += value * other; // both are unit vectors
    });
    max = Math.max(max, rowMax);
    lowestCosine = Math.min(lowestCosine, dot);
    if (rowMax > 1e-5) differing += 1;
  });
  return `${differing} of ${checked} chunks differ by more than 1e-5 (largest component difference ${max.toExponential(2)}, lowest cosine ${lowestCosine.toFixed(5)})`;
}

const simplePhase = q8Only ? null : await simpleLoop(values.models, 'fp32');
const q8SimplePhase =
  values['q8-models'] && values['q8-loop'] ? await simpleLoop(values['q8-models'], 'q8') : null;

const simpleRate = chunkTexts.length / ((simplePhase ?? q8SimplePhase)?.seconds ?? Number.NaN);
console.log('');
console.log(
  `path                              chunks   seconds   chunks/s   CPU ms/chunk   cores busy   peak RSS MiB   vs ${simplePhase ? 'fp32' : 'q8'} loop`,
);
const row = (name: string, chunks: number, p: { seconds: number; cpuSeconds: number; peakMiB: number }) => {
  const rate = chunks / p.seconds;
  console.log(
    `${name.padEnd(32)} ${String(chunks).padStart(7)}  ${p.seconds.toFixed(1).padStart(8)}  ${rate.toFixed(1).padStart(9)}  ${((p.cpuSeconds * 1000) / chunks).toFixed(2).padStart(13)}  ${(p.cpuSeconds / p.seconds).toFixed(2).padStart(11)}  ${p.peakMiB.toFixed(0).padStart(13)}   ${(rate / simpleRate).toFixed(2)}x`,
  );
};
if (simplePhase) row('simple loop, fp32 (1 call/chunk)', chunkTexts.length, simplePhase);
if (q8SimplePhase) row('simple loop, q8 (1 call/chunk)', chunkTexts.length, q8SimplePhase);
if (lorePhase) row('lore ingest, fp32', lorePhase.chunks, lorePhase);
if (q8Phase) row('lore ingest, q8 (int8 weights)', q8Phase.chunks, q8Phase);
else console.log('(no q8 row: pass --q8-models or set LORE_TEST_QUANTIZED_MODELS_DIR)');
if (q8Phase && q8SimplePhase) {
  const q8Ratio = q8Phase.chunks / q8Phase.seconds / (chunkTexts.length / q8SimplePhase.seconds);
  console.log(`lore q8 vs simple loop q8: ${q8Ratio.toFixed(2)}x`);
}
console.log(`failed documents: ${(lorePhase?.failed ?? 0) + (q8Phase?.failed ?? 0)}`);
if (simplePhase) {
  console.log(`fp32, batched vs loop: ${await vectorDifference(values.models, 'fp32', simplePhase.vectors)}`);
}
if (q8SimplePhase && values['q8-models']) {
  console.log(
    `q8, batched vs loop: ${await vectorDifference(values['q8-models'], 'q8', q8SimplePhase.vectors)}`,
  );
}
