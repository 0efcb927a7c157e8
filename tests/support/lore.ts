import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@lore/api';
import { type CreateLoreOptions, createLore, type LanguageModel, type Lore } from '@lore/core';
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
  options: {
    dataDir?: string;
    languageModel?: LanguageModel;
    sourceOptions?: CreateLoreOptions['sourceOptions'];
  } = {},
) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'lore-test-')));
  const database = kind === 'postgres' ? await createTestDatabase() : null;
  const lore: Lore = await createLore({
    dataDir,
    databaseUrl: database?.url,
    embedder: createTestEmbedder(),
    languageModel: options.languageModel,
    workerOptions: { pollMs: 100 },
    sourceOptions: options.sourceOptions,
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

/** A GGUF from `variable`, else where scripts/fetch-test-models.sh puts `file`. */
function testGguf(variable: string, file: string): string {
  const path =
    process.env[variable] ??
    join(process.env.LORE_CACHE_DIR ?? join(homedir(), '.cache/lore'), 'models', file);
  if (!existsSync(path)) {
    throw new Error(`No test LLM at ${path}: run scripts/fetch-test-models.sh and set ${variable}.`);
  }
  return path;
}

/** The fast test LLM, SmolLM2 135M Instruct (a chat template, English); CI sets LORE_TEST_LLM_MODEL. */
export function testLlmPath(): string {
  return testGguf('LORE_TEST_LLM_MODEL', 'smollm2-135m-instruct-q4_1.gguf');
}

/** The quality-check LLM, Qwen2.5-Coder 0.5B Instruct (Chinese and English, tool calls): LORE_TEST_QUALITY_LLM_MODEL. */
export function testQualityLlmPath(): string {
  return testGguf('LORE_TEST_QUALITY_LLM_MODEL', 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf');
}

/** The base (not instruction-tuned) LLM, Gemma 3 270M, for tests where a base model is the point: LORE_TEST_BASE_LLM_MODEL. */
export function testBaseLlmPath(): string {
  return testGguf('LORE_TEST_BASE_LLM_MODEL', 'gemma-3-270m-q4_k_m.gguf');
}

const testLlmPaths = { fast: testLlmPath, quality: testQualityLlmPath, base: testBaseLlmPath };

/**
 * A test LLM with small settings, so that it loads fast: the fast instruct model unless `model` says otherwise.
 * One thread for prefill and decoding alike: test files run in parallel on shared CI cores.
 */
export function createTestLanguageModel(
  options: { contextSize?: number; model?: keyof typeof testLlmPaths } = {},
) {
  return createLlamaCppModel({
    model: testLlmPaths[options.model ?? 'fast'](),
    contextSize: options.contextSize ?? 2048,
    slots: 1,
    threads: 1,
    prefillThreads: 1,
    gpu: false,
  });
}
