// Profiling aid: ingests N SciFact documents with Lore only (q8), to run under --cpu-prof.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLore } from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';

const limit = Number(process.argv[2] ?? 400);
const modelsDir = process.env.LORE_TEST_QUANTIZED_MODELS_DIR ?? '';
const lines = (await readFile('/work/shared/data/scifact/corpus.jsonl', 'utf8'))
  .split('\n')
  .filter(Boolean)
  .slice(0, limit);
const docs = lines.map((line) => JSON.parse(line) as { _id: string; title: string; text: string });
const dataDir = await mkdtemp(join(tmpdir(), 'lore-prof-'));
const embedder = createTransformersEmbedder({ model: 'use-lite-en', modelsDir, dtype: 'q8' });
const lore = await createLore({ dataDir, embedder });
await lore.collections.create({ name: 'p' });
await embedder.dimensions();
const started = performance.now();
const result = await lore.ingest({
  collection: 'p',
  documents: docs.map((d) => ({ text: `${d.title}\n\n${d.text}`, key: d._id })),
  wait: true,
});
const seconds = (performance.now() - started) / 1000;
const chunks = result.documents.reduce((s, d) => s + d.chunkCount, 0);
console.log(`${chunks} chunks in ${seconds.toFixed(1)} s = ${(chunks / seconds).toFixed(1)} chunks/s`);
await lore.close();
await rm(dataDir, { recursive: true, force: true });
