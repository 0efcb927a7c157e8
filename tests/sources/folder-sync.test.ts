import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DocumentRecord, Lore, SourceRecord } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore, type DatabaseKind } from '../support/lore.js';

const cats =
  'Cats are small carnivorous mammals. The domestic cat sleeps for about fifteen hours a day and hunts mice at night.';
const rockets =
  'A rocket engine burns liquid hydrogen with liquid oxygen. The exhaust leaves the nozzle at supersonic speed.';
const tea = '# Tea\n\nGreen tea is made from unoxidised leaves of Camellia sinensis. Steep it at 80 degrees.';
const coffee = '# Coffee\n\nEspresso is brewed by forcing hot water through finely ground coffee beans.';
const volcano = 'A volcano erupts when magma rises through the crust and lava pours out of its crater.';

describe.each<DatabaseKind>(['pglite', 'postgres'])('folder sync on %s', (kind) => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let lore: Lore;
  let folder: string;
  let source: SourceRecord;

  const put = async (path: string, text: string | Uint8Array) => {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  };
  const documents = async () =>
    Object.fromEntries(
      (await lore.documents.list('notes')).map((document): [string, DocumentRecord] => [
        document.title,
        document,
      ]),
    );
  const topTitle = async (query: string, mode: 'keyword' | 'vector' = 'keyword') =>
    (await lore.search({ collection: 'notes', query, mode, topK: 1 }))[0]?.title;

  beforeAll(async () => {
    env = await createTestLore(kind);
    lore = env.lore;
    folder = await mkdtemp(join(tmpdir(), 'lore-sync-folder-'));
    await lore.collections.create({ name: 'notes' });
    await put('cats.md', cats);
    await put('sub/rockets.txt', rockets);
    await put('tea.md', tea);
    await put('.hidden/secret.md', 'Hidden files are not synced.');
    // A GIF: no loader reads it (PNG and JPEG go to OCR), so the sync never picks it up.
    await put('animation.gif', new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 1]));
    await put('broken.txt', new Uint8Array([0x41, 0, 0x42, 0, 0xff]));
    source = await lore.sources.create({ collection: 'notes', path: folder });
  });
  afterAll(async () => {
    await env.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  test('the first sync ingests the files Lore reads by name; one with unreadable content fails in the job', async () => {
    const result = await lore.sources.sync(source.id, { wait: true });
    expect(result).toMatchObject({ added: 4, changed: 0, renamed: 0, deleted: 0, unchanged: 0, skipped: [] });
    expect(result.job).toMatchObject({ status: 'completed', progress: { done: 4, total: 4 } });
    expect(result.job.errors).toEqual([
      expect.objectContaining({ title: 'broken.txt', message: expect.stringContaining('binary') }),
    ]);
    const byTitle = await documents();
    expect(Object.keys(byTitle).sort()).toEqual(['broken.txt', 'cats.md', 'sub/rockets.txt', 'tea.md']);
    expect(byTitle['broken.txt']?.status).toBe('failed');
    expect(byTitle['cats.md']?.status).toBe('indexed');
    expect(byTitle['sub/rockets.txt']?.metadata).toEqual({ source: source.id, path: 'sub/rockets.txt' });
    expect(await topTitle('liquid hydrogen rocket')).toBe('sub/rockets.txt');
    expect((await lore.sources.get(source.id)).syncedAt).toBeInstanceOf(Date);
  });

  test('edits, a rename, a deletion and a new file: only the new and changed files are ingested', async () => {
    const before = await documents();
    const catHit = (
      await lore.search({ collection: 'notes', query: 'cat sleeps hunts mice', mode: 'vector' })
    )[0];
    expect(catHit?.title).toBe('cats.md');

    await put('tea.md', coffee);
    await mkdir(join(folder, 'animals'));
    await rename(join(folder, 'cats.md'), join(folder, 'animals/felines.md'));
    await rm(join(folder, 'sub/rockets.txt'));
    await put('volcano.md', volcano);

    const result = await lore.sources.sync(source.id, { wait: true });
    // broken.txt is unchanged: a failed file is tried again only when its content changes.
    expect(result).toMatchObject({ added: 1, changed: 1, renamed: 1, deleted: 1, unchanged: 1 });
    // Two documents went through the worker; the renamed one did not.
    expect(result.job).toMatchObject({ status: 'completed', progress: { done: 2, total: 2 } });

    const after = await documents();
    expect(Object.keys(after).sort()).toEqual(['animals/felines.md', 'broken.txt', 'tea.md', 'volcano.md']);
    const felines = after['animals/felines.md'];
    expect(felines).toMatchObject({
      id: before['cats.md']?.id,
      contentHash: before['cats.md']?.contentHash,
      status: 'indexed',
      jobId: before['cats.md']?.jobId,
      metadata: { source: source.id, path: 'animals/felines.md' },
    });
    // The same chunk, not a re-embedded one: chunk ids change only with a new document or content.
    const catAgain = (
      await lore.search({ collection: 'notes', query: 'cat sleeps hunts mice', mode: 'vector' })
    )[0];
    expect(catAgain).toMatchObject({ chunkId: catHit?.chunkId, title: 'animals/felines.md' });
    expect(after['tea.md']).toMatchObject({ id: before['tea.md']?.id, status: 'indexed' });
    expect(after['tea.md']?.contentHash).not.toBe(before['tea.md']?.contentHash);

    expect(await topTitle('espresso coffee beans')).toBe('tea.md');
    expect(await topTitle('Camellia sinensis unoxidised leaves')).not.toBe('tea.md');
    expect(await topTitle('magma lava crater')).toBe('volcano.md');
    const rocketHits = await lore.search({
      collection: 'notes',
      query: 'liquid hydrogen rocket',
      mode: 'keyword',
    });
    expect(rocketHits.map((hit) => hit.title)).not.toContain('sub/rockets.txt');
    // The moved file is found under its new path by a metadata filter.
    const filtered = await lore.search({
      collection: 'notes',
      query: 'cat sleeps hunts mice',
      mode: 'vector',
      filter: { metadata: { source: source.id, path: 'animals/felines.md' } },
    });
    expect(filtered.map((hit) => hit.title)).toEqual(['animals/felines.md']);
  });

  test('a sync with nothing changed touches nothing', async () => {
    const before = await documents();
    const result = await lore.sources.sync(source.id, { wait: true });
    expect(result).toMatchObject({ added: 0, changed: 0, renamed: 0, deleted: 0, unchanged: 4 });
    expect(result.job).toMatchObject({ status: 'completed', progress: { done: 0, total: 0 } });
    expect(await documents()).toEqual(before);
  });

  test('a folder that vanished is refused and its documents stay', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'lore-sync-gone-'));
    await writeFile(join(elsewhere, 'note.md'), 'A note about gardening and tomatoes.');
    const gone = await lore.sources.create({ collection: 'notes', path: elsewhere });
    await lore.sources.sync(gone.id, { wait: true });
    await rm(elsewhere, { recursive: true, force: true });
    await expect(lore.sources.sync(gone.id)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Not syncing'),
    });
    expect((await documents())['note.md']?.status).toBe('indexed');
    // Deleting the source deletes what it brought in, and only that.
    await lore.sources.delete(gone.id);
    expect(Object.keys(await documents()).sort()).toEqual([
      'animals/felines.md',
      'broken.txt',
      'tea.md',
      'volcano.md',
    ]);
    expect(await topTitle('gardening tomatoes')).not.toBe('note.md');
  });

  test('registering: a missing path, a file, a bad interval and a second registration are refused', async () => {
    await expect(
      lore.sources.create({ collection: 'notes', path: join(folder, 'nope') }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('No folder at'),
    });
    await expect(
      lore.sources.create({ collection: 'notes', path: join(folder, 'tea.md') }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('not a folder'),
    });
    await expect(
      lore.sources.create({ collection: 'notes', path: folder, intervalSeconds: 0 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(lore.sources.create({ collection: 'notes', path: folder })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(lore.sources.create({ collection: 'missing', path: folder })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await lore.sources.list('notes')).map((listed) => listed.id)).toEqual([source.id]);
  });
});
