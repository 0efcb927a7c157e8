import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testModelsDir } from '../setup/postgres.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../apps/api/bin/lore.js');

describe('lore sync (compiled bin)', () => {
  let dir: string;
  let folder: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lore-sync-cli-'));
    folder = await mkdtemp(join(tmpdir(), 'lore-sync-cli-notes-'));
    env = {
      ...process.env,
      LORE_DATA_DIR: join(dir, 'data'),
      LORE_MODELS_DIR: testModelsDir(),
      LORE_EMBEDDING_MODEL: 'use-lite-en',
      LORE_LLM_MODEL: 'none',
    };
    await writeFile(
      join(folder, 'owls.md'),
      '# Owls\n\nOwls hunt at night and can turn their heads 270 degrees.',
    );
    await writeFile(join(folder, 'bees.txt'), 'Honey bees dance to tell the hive where flowers are.');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  });

  const lore = (...args: string[]) => run(process.execPath, [bin, ...args], { env });

  test('syncs a folder into a new collection, then again after a deletion, then searches it', async () => {
    const first = await lore('sync', folder, '--collection', 'notes');
    expect(first.stdout).toContain('2 added, 0 changed, 0 renamed, 0 deleted, 0 unchanged');

    await rm(join(folder, 'bees.txt'));
    const second = await lore('sync', folder, '--collection', 'notes');
    // The same source is used again, not a second one.
    expect(second.stdout).toContain('0 added, 0 changed, 0 renamed, 1 deleted, 1 unchanged');

    const search = await lore('search', '--collection', 'notes', '--mode', 'keyword', '--json', 'owls night');
    const { results } = JSON.parse(search.stdout) as { results: { title: string }[] };
    const titles = results.map((hit) => hit.title);
    expect(titles).toEqual(['owls.md']);
  });

  test('syncs a site from its start page; a loopback site is refused unless LORE_FETCH_ALLOW_HOSTS lists it', async () => {
    const article = (title: string, text: string, links = '') =>
      `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${text}</p>${links}</article></body></html>`;
    const server = createServer((request, response) => {
      const pages: Record<string, string> = {
        '/': article(
          'Birds',
          'Notes on birds of the night and of the day, with a page for each.',
          '<a href="/owls">Owls</a>',
        ),
        '/owls': article(
          'Barn owls',
          'Barn owls find mice in total darkness by sound alone, with hearts of white feathers.',
        ),
      };
      const body = pages[request.url ?? ''];
      if (body) response.writeHead(200, { 'content-type': 'text/html' }).end(body);
      else response.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const strict = { ...env, LORE_FETCH_ALLOW_PRIVATE: 'false', LORE_FETCH_ALLOW_HOSTS: '' };
      const refused = await run(process.execPath, [bin, 'sync', url, '--collection', 'birds'], {
        env: strict,
      }).catch((error: { code: number; stderr: string }) => error);
      expect('code' in refused ? refused.code : 0).toBe(1);
      expect(refused.stderr).toContain('127.0.0.1 is a loopback address');
      expect(refused.stderr).toContain('LORE_FETCH_ALLOW_HOSTS');

      const allowed = { ...env, LORE_FETCH_ALLOW_HOSTS: '127.0.0.1' };
      const synced = await run(
        process.execPath,
        [bin, 'sync', url, '--collection', 'birds', '--max-depth', '1'],
        {
          env: allowed,
        },
      );
      expect(synced.stdout).toContain(
        `${url} -> birds: 2 added, 0 changed, 0 renamed, 0 deleted, 0 unchanged`,
      );
      const search = await lore(
        'search',
        '--collection',
        'birds',
        '--mode',
        'keyword',
        '--json',
        'barn owls mice',
      );
      expect((JSON.parse(search.stdout) as { results: { title: string }[] }).results[0]?.title).toBe(
        'Barn owls',
      );
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  test('a path that is not a folder is a clear error', async () => {
    const failed = await lore('sync', join(folder, 'owls.md'), '--collection', 'notes').catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failed ? failed.code : 0).toBe(1);
    expect(failed.stderr).toContain('is a file, not a folder');
  });
});
