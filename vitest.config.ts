import { defineConfig } from 'vitest/config';

/** Tests next to the code that need the model folder or a Postgres server; the rest of them are unit tests. */
const needsTheWorld = [
  'packages/core/src/chunking/chunk-document.test.ts',
  'packages/core/src/storage/database.test.ts',
  'packages/core/src/storage/postgres-*.test.ts',
  'packages/embeddings/src/quantized-embedder.test.ts',
  'packages/embeddings/src/transformers-embedder.test.ts',
  'packages/embeddings/src/transformers-reranker.test.ts',
  'packages/embeddings/src/word-cache.test.ts',
  'packages/embeddings/src/worker-model.test.ts',
  'packages/llm/src/llama-cpp-model.test.ts',
  'packages/llm/src/llama-cpp-scoring.test.ts',
  'packages/llm/src/openai-compatible-model.test.ts',
];
const nextToTheCode = ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'];

// Two projects: `unit` (no models, no Postgres, no global setup: `npx vitest run packages/core/src/retrieval`
// takes seconds) and `integration` (tests/ and the tests above, on the real parts the global setup finds).
export default defineConfig({
  resolve: { conditions: ['lore-source'] },
  ssr: { resolve: { conditions: ['lore-source'] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: nextToTheCode, exclude: needsTheWorld } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [...needsTheWorld, 'tests/**/*.test.ts'],
          globalSetup: ['tests/setup/global.ts'],
        },
      },
    ],
  },
});
