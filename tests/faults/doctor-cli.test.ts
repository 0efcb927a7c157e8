import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createLanceVectorStore, createLore } from '@lore/core';
import { afterAll, expect, test } from 'vitest';
import { testModelsDir } from '../setup/postgres.js';
import { createTestEmbedder } from '../support/lore.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../apps/api/bin/lore.js');
let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `lore doctor` (the compiled bin); resolves with exit code and output even when it fails. */
async function doctor(args: string[]) {
  const env = {
    ...process.env,
    LORE_DATA_DIR: dir,
    LORE_MODELS_DIR: testModelsDir(),
    LORE_EMBEDDING_MODEL: 'use-lite-en',
    LORE_LLM_MODEL: 'none',
  };
  return run(process.execPath, [bin, 'doctor', ...args], { env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

test('lore doctor reports LanceDB chunks that went missing, --repair restores them, then it is clean', async () => {
  dir = await mkdtemp(join(tmpdir(), 'lore-doctor-cli-'));
  const lore = await createLore({ dataDir: dir, embedder: createTestEmbedder() });
  await lore.collections.create({ name: 'notes' });
  const { documents } = await lore.ingest({
    collection: 'notes',
    documents: [{ text: 'Owls hunt at night.', title: 'Owls' }],
    wait: true,
  });
  const collection = await lore.collections.get('notes');
  await lore.close();
  expect((await doctor([])).code).toBe(0);

  const vectors = await createLanceVectorStore({ uri: join(dir, 'lance') });
  await vectors.deleteDocuments({ collectionId: collection.id, documentIds: [documents[0]?.id ?? ''] });
  await vectors.close();

  const found = await doctor([]);
  expect(found.code).toBe(2);
  expect(found.stdout).toMatch(/found\s+chunk-count-mismatch\s+\[notes\].*"Owls"/);
  expect(found.stdout).toContain('lore doctor --repair');

  const repaired = await doctor(['--repair']);
  expect(repaired.code).toBe(0);
  expect(repaired.stdout).toMatch(/repaired\s+chunk-count-mismatch/);

  const clean = await doctor(['--json']);
  expect(clean.code).toBe(0);
  expect(JSON.parse(clean.stdout)).toMatchObject({ collections: 1, documents: 1, findings: [] });
});
