/**
 * `npm run bench:tracing [-- --documents 500 --searches 200 --rounds 3]`: what tracing costs a search. A
 * Lore on PGlite, LanceDB and the use-lite-en embedder holds SciFact abstracts; the same SciFact queries
 * run as hybrid searches with tracing off (no SDK registered: the API's no-op) and on (the real SDK with an
 * in-memory exporter, every span kept), alternating, after a warm-up. Prints ms per search and spans.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { registerTracing } from '@lore/api/tracing';
import { createLore } from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';

const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '500' },
    searches: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    data: { type: 'string', default: resolve(import.meta.dirname, '../../../shared/data/scifact') },
    'models-dir': { type: 'string', default: process.env.LORE_TEST_MODELS_DIR ?? '/work/shared/models' },
  },
});
const readJsonl = async <T>(file: string): Promise<T[]> =>
  (await readFile(join(values.data, file), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
const corpus = (await readJsonl<{ title: string; text: string }>('corpus.jsonl')).slice(
  0,
  Number(values.documents),
);
const queries = (await readJsonl<{ text: string }>('queries.test.jsonl')).map((query) => query.text);

const dataDir = await mkdtemp(join(tmpdir(), 'lore-bench-tracing-'));
const lore = await createLore({
  dataDir,
  embedder: createTransformersEmbedder({ model: 'use-lite-en', modelsDir: values['models-dir'] }),
});
try {
  await lore.collections.create({ name: 'scifact' });
  await lore.ingest({
    collection: 'scifact',
    documents: corpus.map((document) => ({ title: document.title, text: document.text })),
    wait: true,
  });
  const count = Number(values.searches);
  const run = async () => {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      await lore.search({ collection: 'scifact', query: queries[i % queries.length] ?? 'cells', topK: 10 });
    }
    return (performance.now() - started) / count;
  };
  await run(); // warm-up: models, tables, fusion weights
  const off: number[] = [];
  const on: number[] = [];
  let spans = 0;
  for (let round = 0; round < Number(values.rounds); round++) {
    off.push(await run());
    // A fresh exporter each round: shutting the provider down stops its exporter.
    const exporter = new InMemorySpanExporter();
    const tracing = registerTracing([new SimpleSpanProcessor({ exporter })]);
    on.push(await run());
    spans = exporter.getFinishedSpans().length / count;
    await tracing.shutdown();
  }
  const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
  console.log(`${corpus.length} documents, ${count} hybrid searches per round, ${off.length} rounds`);
  console.log(
    `tracing off: ${off.map((ms) => ms.toFixed(2)).join(', ')} ms/search (mean ${mean(off).toFixed(2)})`,
  );
  console.log(
    `tracing on:  ${on.map((ms) => ms.toFixed(2)).join(', ')} ms/search (mean ${mean(on).toFixed(2)})`,
  );
  console.log(
    `overhead: ${(mean(on) - mean(off)).toFixed(3)} ms/search (${((mean(on) / mean(off) - 1) * 100).toFixed(1)}%), ${spans} spans per search`,
  );
} finally {
  await lore.close();
  await rm(dataDir, { recursive: true, force: true });
}
