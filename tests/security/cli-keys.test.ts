import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLore } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testModelsDir } from '../setup/postgres.js';
import { createTestEmbedder } from '../support/lore.js';
import { finished, startSource } from './process.js';

describe('lore keys (CLI)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const lore = (...args: string[]) =>
    finished(startSource('apps/api/src/cli/main.ts', ['keys', ...args], env));
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lore-keys-'));
    env = { LORE_DATA_DIR: dir, LORE_MODELS_DIR: testModelsDir(), LORE_EMBEDDING_MODEL: 'use-lite-en' };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('create prints the key once, list shows it without the secret, revoke disables it', async () => {
    const created = await lore(
      'create',
      '--scope',
      'read,ingest',
      '--collections',
      'alpha,beta',
      '--name',
      'ci',
    );
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^lore_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/);
    const prefix = secret.split('_')[1] as string;
    expect(created.stderr).toContain('shown only now');

    const listed = await lore('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${prefix}\\s+ci\\s+read,ingest\\s+alpha,beta\\s+active`));
    expect(listed.stdout).not.toContain(secret.slice(18));

    const bad = await lore('create', '--scope', 'root');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/scopes among read, ingest, admin/);

    const check = async () => {
      const opened = await createLore({ dataDir: dir, embedder: createTestEmbedder(), worker: false });
      try {
        return await opened.keys.verify(secret);
      } finally {
        await opened.close();
      }
    };
    expect(await check()).toMatchObject({
      prefix,
      scopes: ['read', 'ingest'],
      collections: ['alpha', 'beta'],
    });
    expect((await lore('revoke', prefix)).code).toBe(0);
    expect((await lore('list')).stdout).toMatch(/revoked/);
    expect(await check()).toBeNull();
    expect((await lore('revoke', '000000000000')).code).toBe(1);
  });
});
