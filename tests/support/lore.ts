import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@lore/api';
import { createLore, type LanguageModel, type Lore } from '@lore/core';
import { createTransformersEmbedder } from '@lore/embeddings';
import { createLlamaCppModel } from '@lore/llm';
import { createTestDatabase, testModelsDir } from '../setup/postgres.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** The real test embedder: use-lite-en from the shared model folder. */
export function createTestEmbedder() {
  return createTransformersEmbedder({ model: 'use-lite-en', modelsDir: testModelsDir() });
}

/** A Lore on real parts: LanceDB in a temp folder, PGlite there or a fresh database on the test server. */
export async function createTestLore(
  kind: DatabaseKind,
  options: { dataDir?: string; languageModel?: LanguageModel } = {},
) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'lore-test-')));
  const database = kind === 'postgres' ? await createTestDatabase() : null;
  const lore: Lore = await createLore({
    dataDir,
    databaseUrl: database?.url,
    embedder: createTestEmbedder(),
    languageModel: options.languageModel,
    workerOptions: { pollMs: 100 },
  });
  const app = createApp(lore, { maxRequestBytes: 2 * 1024 * 1024, log: () => {} });
  return {
    lore,
    app,
    dataDir,
    async cleanup() {
      await lore.close();
      await database?.drop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends a JSON request to the app and returns status and parsed body. */
export async function call(
  app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> },
  method: string,
  path: string,
  body?: unknown,
) {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await app.request(path, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** The GGUF test LLM (scripts/fetch-test-models.sh); CI sets LORE_TEST_LLM_MODEL. */
export function testLlmPath(): string {
  const path =
    process.env.LORE_TEST_LLM_MODEL ?? join(homedir(), '.cache/lore/models/gemma-3-270m-q4_k_m.gguf');
  if (!existsSync(path)) {
    throw new Error(`No test LLM at ${path}: run scripts/fetch-test-models.sh and set LORE_TEST_LLM_MODEL.`);
  }
  return path;
}

/** The CI LLM (Gemma 3 270M GGUF) with small settings, so that it loads fast. */
export function createTestLanguageModel(options: { contextSize?: number } = {}) {
  return createLlamaCppModel({
    model: testLlmPath(),
    contextSize: options.contextSize ?? 2048,
    slots: 1,
    threads: 1,
    gpu: false,
  });
}
