// Profiling aid: ingests N SciFact documents with Lore only and prints where the time went: busy time of
// every metadata-store, vector-store and embedder call (calls overlap, so the sum may exceed the wall time),
// and process CPU per chunk. Run it under `node --cpu-prof` for a full profile.
// tsx --conditions=lore-source tests/bench/profile-ingest.ts [documents] [fp32|q8]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createDatabase,
  createLanceVectorStore,
  createLoreFromServices,
  createPostgresChatStore,
  createPostgresMetadataStore,
} from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';

const limit = Number(process.argv[2] ?? 400);
const dtype = (process.argv[3] ?? 'fp32') as 'fp32' | 'q8';
const shared = resolve(import.meta.dirname, '../../../shared');
const modelsDir =
  dtype === 'q8'
    ? (process.env.LORE_TEST_QUANTIZED_MODELS_DIR ?? '')
    : (process.env.LORE_MODELS_DIR ?? join(shared, 'models'));
const lines = (await readFile(join(shared, 'data/scifact/corpus.jsonl'), 'utf8'))
  .split('\n')
  .filter(Boolean)
  .slice(0, limit);
const docs = lines.map((line) => JSON.parse(line) as { _id: string; title: string; text: string });

const busy = new Map<string, { calls: number; ms: number }>();
/** Wraps every method of `target` to add its time to `busy` under `name.method`. */
function timed<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const record = () => {
          const entry = busy.get(`${name}.${String(key)}`) ?? { calls: 0, ms: 0 };
          entry.calls += 1;
          entry.ms += performance.now() - started;
          busy.set(`${name}.${String(key)}`, entry);
        };
        const result = value.apply(object, args);
        if (result instanceof Promise) return result.finally(record);
        record();
        return result;
      };
    },
  });
}

const dataDir = await mkdtemp(join(tmpdir(), 'lore-prof-'));
const database = await createDatabase({ dataDir: join(dataDir, 'pg') });
const embedder = createTransformersEmbedder({ model: 'use-lite-en', modelsDir, dtype });
const tokenizer = await embedder.tokenizer();
const lore = createLoreFromServices({
  metadata: timed('metadata', createPostgresMetadataStore(database)),
  vectors: timed('vectors', await createLanceVectorStore({ uri: join(dataDir, 'lance') })),
  chats: createPostgresChatStore(database),
  embedder: timed('embedder', embedder),
});
await lore.collections.create({ name: 'p' });
await embedder.dimensions();
const counter = timed('tokenizer', tokenizer);
Object.assign(tokenizer, { count: counter.count });
busy.clear();
const cpuStart = process.cpuUsage();
const started = performance.now();
const result = await lore.ingest({
  collection: 'p',
  documents: docs.map((d) => ({ text: `${d.title}\n\n${d.text}`, key: d._id })),
  wait: true,
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const chunks = result.documents.reduce((sum, d) => sum + d.chunkCount, 0);
console.log(
  `${dtype}: ${chunks} chunks in ${seconds.toFixed(1)} s = ${(chunks / seconds).toFixed(1)} chunks/s; ` +
    `process CPU ${((cpu.user + cpu.system) / 1000 / chunks).toFixed(2)} ms/chunk`,
);
console.log('call                                   calls   busy s   ms/chunk');
for (const [name, entry] of [...busy].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(
    `${name.padEnd(38)} ${String(entry.calls).padStart(6)} ${(entry.ms / 1000).toFixed(2).padStart(8)} ${(entry.ms / chunks).toFixed(2).padStart(10)}`,
  );
}
await lore.close();
await rm(dataDir, { recursive: true, force: true });
