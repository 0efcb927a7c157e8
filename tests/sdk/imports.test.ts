import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

test('importing the built packages has no side effects: no output, no files, nothing keeps the process alive', async () => {
  const home = await mkdtemp(join(tmpdir(), 'lore-import-home-'));
  try {
    const script = `
      const packages = ['@lore/core', '@lore/core/spec', '@lore/core/errors', '@lore/core/internal', '@lore/core/evaluation', '@lore/client', '@lore/embeddings', '@lore/llm'];
      for (const name of packages) await import(name);
      const core = await import('@lore/core');
      if (typeof core.createLore !== 'function') throw new Error('createLore is missing');
      // The root is the SDK: internals are behind @lore/core/internal.
      for (const name of ['softmax', 'jsonDepth', 'searchCollection', 'createAgents'])
        if (name in core) throw new Error(name + ' is exported from @lore/core');
      const internal = await import('@lore/core/internal');
      if (typeof internal.softmax !== 'function') throw new Error('softmax is missing from @lore/core/internal');
      const client = await import('@lore/client');
      if (typeof client.createLoreClient !== 'function') throw new Error('createLoreClient is missing');`;
    // The dist entry points (no lore-source condition), as an app that installed the packages gets them.
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: home, TMPDIR: home },
      timeout: 60_000,
    });
    expect(stdout).toBe('');
    expect(stderr).toBe('');
    expect(await readdir(home)).toEqual([]);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
