/**
 * Lore inside your own app: ingest a folder, ask a question with citations, extract a typed object.
 *
 *   npx tsx examples/ask-a-folder/main.ts [folder] [question]
 *
 * Models come from the environment, as for the server: LORE_EMBEDDING_MODEL (+ LORE_MODELS_DIR for a
 * local folder), LORE_LLM_MODEL (a GGUF file or an `hf:` URI), LORE_LLM_THREADS and LORE_LLM_GPU=off.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLore } from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';
import { createLlamaCppModel } from '@lore/llm';
import { z } from 'zod';

const folder = process.argv[2] ?? join(import.meta.dirname, 'notes');
const question = process.argv[3] ?? 'How many hours a day does a cat sleep?';
const dataDir = process.env.LORE_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'lore-example-')));

const lore = await createLore({
  dataDir,
  embedder: createTransformersEmbedder({
    model: process.env.LORE_EMBEDDING_MODEL ?? 'Xenova/multilingual-e5-small',
    modelsDir: process.env.LORE_MODELS_DIR,
  }),
  languageModel: createLlamaCppModel({
    model:
      process.env.LORE_LLM_MODEL ?? 'hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf',
    contextSize: 2048,
    slots: 1,
    threads: Number(process.env.LORE_LLM_THREADS) || undefined,
    gpu: process.env.LORE_LLM_GPU === 'off' ? false : 'auto',
  }),
});

try {
  // 1. Ingest every file of the folder by path, and wait until each is indexed (or failed).
  await lore.collections.create({ name: 'notes' });
  const files = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile());
  const { documents } = await lore.ingest({
    collection: 'notes',
    documents: files.map((file) => ({ path: join(folder, file.name) })),
    wait: true,
    onProgress: (job) => console.log(`progress ${job.progress.done}/${job.progress.total}`),
  });
  for (const document of documents) console.log(`${document.status} ${document.title}`);

  // 2. Ask: the answer cites the passages it used, with their spans in the source document.
  const answer = await lore.ask({
    collection: 'notes',
    question,
    sampling: { temperature: 0, maxTokens: 48 },
  });
  console.log(`Answer: ${answer.answer.trim()}`);
  for (const citation of answer.citations) {
    console.log(
      `[${citation.marker}] ${citation.title} (${citation.start}-${citation.end}): ${citation.text}`,
    );
  }

  // 3. Extract an object: decoding is constrained to the schema, so the result always parses.
  const Animal = z.object({
    animal: z.string().max(20),
    hoursOfSleepPerDay: z.int(),
    huntsAtNight: z.boolean(),
  });
  const { object } = await lore.generateObject({
    schema: Animal,
    prompt: 'Describe the domestic cat.',
    collection: 'notes',
    topK: 2,
    temperature: 0,
    maxTokens: 60,
  });
  console.log(`Object: ${JSON.stringify(Animal.parse(object))}`);
} finally {
  await lore.close();
  if (!process.env.LORE_DATA_DIR) await rm(dataDir, { recursive: true, force: true });
}
