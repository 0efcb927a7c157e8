import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';
import { buildDocx } from './zip.js';

/** The upload limits hold on every path into the library, not only the HTTP upload route. */
describe('lore.ingest checks its input (SDK, CLI, MCP)', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let folder: string;
  const titles = async () => (await env.lore.documents.list('inbox')).map((document) => document.title);

  beforeAll(async () => {
    env = await createTestLore('pglite');
    await env.lore.collections.create({ name: 'inbox' });
    folder = await mkdtemp(join(tmpdir(), 'lore-limits-'));
  });
  afterAll(async () => {
    await env.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  test('an archive bomb, JSON nested too deep and a file over the size limit are refused before anything is stored', async () => {
    const bomb = buildDocx(`<w:p><w:r><w:t>${'0'.repeat(30 * 1024 * 1024)}</w:t></w:r></w:p>`);
    const fine = { text: 'Herons wait motionless in shallow water.', title: 'heron' };
    await expect(
      env.lore.ingest({ collection: 'inbox', documents: [fine, { bytes: bomb, fileName: 'bomb.docx' }] }),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/bomb\.docx.*archive bomb/),
    });
    // A path input, as `lore ingest` sends it.
    const deep = join(folder, 'deep.json');
    await writeFile(deep, `${'['.repeat(5_000)}1${']'.repeat(5_000)}`);
    await expect(env.lore.ingest({ collection: 'inbox', documents: [{ path: deep }] })).rejects.toMatchObject(
      {
        code: 'UNPROCESSABLE',
        message: expect.stringMatching(/nests 5000 levels/),
      },
    );
    const huge = new Uint8Array(51 * 1024 * 1024).fill(0x61);
    await expect(
      env.lore.ingest({ collection: 'inbox', documents: [{ bytes: huge, fileName: 'huge.txt' }] }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await titles()).toEqual([]);
  });

  test('metadata nested past 200 levels is refused (MCP ingest_text passes metadata straight through)', async () => {
    let metadata: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 4_500; level++) metadata = { a: metadata };
    await expect(
      env.lore.ingest({ collection: 'inbox', documents: [{ text: 'Egrets nest in colonies.', metadata }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/200/) });
    expect(await titles()).toEqual([]);
  });
});
