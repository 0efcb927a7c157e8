import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testModelsDir } from '../setup/postgres.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../apps/api/bin/lore.js');

describe('the lore CLI (compiled bin, as `npx lore` runs it)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lore-cli-'));
    env = {
      ...process.env,
      LORE_DATA_DIR: join(dir, 'data'),
      LORE_MODELS_DIR: testModelsDir(),
      LORE_EMBEDDING_MODEL: 'use-lite-en',
    };
    await writeFile(
      join(dir, 'owls.md'),
      '# Owls\n\nOwls hunt at night and can turn their heads 270 degrees.',
    );
    await writeFile(join(dir, 'bees.txt'), 'Honey bees dance to tell the hive where flowers are.');
    await writeFile(join(dir, 'broken.pdf'), '%PDF-1.4 not a real pdf');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('ingest a folder, report the broken file, then search it', async () => {
    const ingest = await run(process.execPath, [bin, 'ingest', dir, '--collection', 'animals'], {
      env,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    // Exit code 2: the broken PDF failed, the rest indexed.
    expect('code' in ingest ? ingest.code : 0).toBe(2);
    expect(ingest.stdout).toMatch(/indexed\s+owls\.md/);
    expect(ingest.stdout).toMatch(/indexed\s+bees\.txt/);
    expect(ingest.stdout).toMatch(/failed\s+broken\.pdf: .+/);

    const search = await run(
      process.execPath,
      [bin, 'search', '--collection', 'animals', '--json', '--mode', 'keyword', 'owls heads'],
      { env },
    );
    const { results } = JSON.parse(search.stdout);
    expect(results[0]).toMatchObject({ title: 'owls.md' });
    expect(results[0].text).toContain('turn their heads');
  });

  test('bad arguments get a clear message and a non-zero exit', async () => {
    const failure = await run(process.execPath, [bin, 'search', 'no collection given'], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stderr).toContain('Usage: lore search');
  });

  test('a failure kept in the job names the variable of the option it names (LORE_OCR)', async () => {
    const png = join(dir, 'images', 'dot.png');
    await mkdir(join(dir, 'images'));
    const dot =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    await writeFile(png, Buffer.from(dot, 'base64'));
    const ingest = await run(process.execPath, [bin, 'ingest', png, '--collection', 'images'], {
      env: { ...env, LORE_OCR: 'off' },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in ingest ? ingest.code : 0).toBe(2);
    expect(ingest.stdout).toContain('turn it on (ocr.enabled)');
    expect(ingest.stdout).toContain('LORE_OCR sets ocr.enabled');
  });
});
