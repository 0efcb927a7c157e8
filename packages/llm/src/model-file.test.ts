import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveGgufFile } from './model-file.js';

describe('resolveGgufFile', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'lore-llm-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('takes a file as it is and the only .gguf of a folder', async () => {
    const file = join(folder, 'model.gguf');
    await writeFile(file, 'GGUF');
    await writeFile(join(folder, 'README.md'), 'about');
    expect(await resolveGgufFile(file)).toBe(file);
    expect(await resolveGgufFile(folder)).toBe(file);
  });

  it('asks for the file when a folder holds several models', async () => {
    await writeFile(join(folder, 'a.gguf'), 'GGUF');
    await writeFile(join(folder, 'b.gguf'), 'GGUF');
    await expect(resolveGgufFile(folder)).rejects.toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      message: expect.stringContaining('a.gguf, b.gguf'),
    });
  });

  it('says how to point at a model when the path does not exist, without going online', async () => {
    await expect(resolveGgufFile(join(folder, 'missing.gguf'))).rejects.toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      message: expect.stringContaining('Set the model to a .gguf file'),
      settings: ['languageModel.model'],
    });
  });
});
