import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from '@lore/api';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { testModelsDir } from '../setup/postgres.js';
import { createTestLanguageModel, createTestLore, testQualityLlmPath } from '../support/lore.js';

const run = promisify(execFile);
const examples = resolve(import.meta.dirname, '../../examples');

/**
 * Runs an example as a user would (tsx, TypeScript sources), with the test models: the quality LLM, since
 * SmolLM2 135M answered "15." uncited, which the evidence check refused.
 */
function runExample(file: string, env: Record<string, string> = {}) {
  return run(process.execPath, ['--conditions=lore-source', '--import', 'tsx', resolve(examples, file)], {
    env: {
      ...process.env,
      LORE_EMBEDDING_MODEL: 'use-lite-en',
      LORE_MODELS_DIR: testModelsDir(),
      LORE_LLM_MODEL: testQualityLlmPath(),
      LORE_LLM_THREADS: '1',
      LORE_LLM_GPU: 'off',
      ...env,
    },
    timeout: 280_000,
  });
}

describe('examples/', () => {
  test('ask-a-folder ingests the folder, answers with a citation and extracts a typed object', async () => {
    const { stdout } = await runExample('ask-a-folder/main.ts');
    for (const file of ['cats.txt', 'owls.txt', 'rockets.txt']) expect(stdout).toContain(`indexed ${file}`);
    expect(stdout).toMatch(/^progress 3\/3$/m);
    expect(stdout).toMatch(/^Answer: .*(fifteen|15)/im);
    expect(stdout).toMatch(/^\[\d+\] cats\.txt \(\d+-\d+\): .*fifteen hours/m);
    const object = JSON.parse(/^Object: (.*)$/m.exec(stdout)?.[1] ?? 'null');
    expect(
      z
        .object({ animal: z.string(), hoursOfSleepPerDay: z.number(), huntsAtNight: z.boolean() })
        .parse(object),
    ).toEqual(object);
  }, 300_000);

  test('client talks to a running server: ingest, search, a streamed cited answer, typed errors', async () => {
    // The quality model, as for ask-a-folder: SmolLM2 135M answered 'The cat in question is a rocket engine.'
    const env = await createTestLore('pglite', {
      languageModel: createTestLanguageModel({ model: 'quality' }),
    });
    const app = createApp(env.lore, { maxRequestBytes: 4 * 1024 * 1024, log: () => {} });
    const server = await new Promise<ReturnType<typeof serve>>((done) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => done(started));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const { stdout } = await runExample('client/main.ts', { LORE_URL: `http://127.0.0.1:${port}` });
      expect(stdout).toMatch(/^indexed cats\.txt\nindexed Rockets$/m);
      expect(stdout).toMatch(/^Search: Rockets \(/m);
      expect(stdout).toMatch(/^Answer: .*(fifteen|15)/im);
      expect(stdout).toMatch(/^\[\d+\] cats\.txt: /m);
      expect(stdout).toContain('Error: NOT_FOUND 404');
      expect(await env.lore.collections.list()).toEqual([]);
    } finally {
      await new Promise((done) => server.close(done));
      await env.cleanup();
    }
  }, 300_000);
});
