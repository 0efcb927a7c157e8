import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The fast test LLM (SmolLM2 135M Instruct): `LORE_TEST_LLM_MODEL`, else where the fetch script puts it. */
export function testModelPath(): string {
  const path =
    process.env.LORE_TEST_LLM_MODEL ??
    join(
      process.env.LORE_CACHE_DIR ?? join(homedir(), '.cache/lore'),
      'models/smollm2-135m-instruct-q4_1.gguf',
    );
  if (!existsSync(path)) {
    throw new Error(
      `No test LLM at ${path}. Run scripts/fetch-test-models.sh and set LORE_TEST_LLM_MODEL to the path it prints.`,
    );
  }
  return path;
}

/** CPU threads for tests and benchmarks (`LORE_LLM_THREADS`, default 1): shared CI cores thrash with more. */
export function testThreads(): number {
  return Number(process.env.LORE_LLM_THREADS ?? 1);
}
