import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createLore } from '@lore/core';
import { afterAll, expect, test } from 'vitest';
import { createTestEmbedder } from '../support/lore.js';
import { spawnChild } from '../support/spawn-child.js';

const child = resolve(import.meta.dirname, 'support/sync-child.ts');
const seed = Number(process.env.LORE_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const files = 600; // more than one transaction's 256 files
const kills = 6;

/** mulberry32, so a failing sequence of kills can be replayed with LORE_FAULT_SEED. */
function createRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = ['amber', 'basalt', 'cedar', 'delta', 'ember', 'fjord', 'granite', 'harbor', 'iris', 'juniper'];
const note = (n: number, version = 0) =>
  `Note ${n}, version ${version}. The ${words[n % 10]} ${words[Math.floor(n / 10) % 10]} survey counted item${n}x.`;

/** Every file under `root`, by its `/`-separated path, with the sha256 of its bytes. */
async function onDisk(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const hash = createHash('sha256')
      .update(await readFile(absolute))
      .digest('hex');
    found.set(relative(root, absolute).split('\\').join('/'), hash);
  }
  return found;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test(`kill -9 during folder syncs (${kills} kills, PGlite), edits in between: the last sync leaves the folder's exact state`, async () => {
  console.log(`[faults] sync kill seed ${seed}; replay with LORE_FAULT_SEED=${seed}`);
  const random = createRandom(seed);
  const dataDir = await mkdtemp(join(tmpdir(), 'lore-kill-sync-'));
  const folder = await mkdtemp(join(tmpdir(), 'lore-kill-sync-folder-'));
  dirs.push(dataDir, folder);
  await mkdir(join(folder, 'moved'));
  for (let n = 0; n < files; n++) await writeFile(join(folder, `note-${n}.md`), note(n));

  // Between runs the folder changes: some files move, some are edited, some deleted, some added.
  const changes: (() => Promise<void>)[] = [
    async () => {
      for (let n = 0; n < 40; n++)
        await rename(join(folder, `note-${n}.md`), join(folder, `moved/note-${n}.md`));
    },
    async () => {
      for (let n = 40; n < 60; n++) await writeFile(join(folder, `note-${n}.md`), note(n, 1));
    },
    async () => {
      for (let n = 60; n < 90; n++) await rm(join(folder, `note-${n}.md`));
      for (let n = files; n < files + 20; n++) await writeFile(join(folder, `note-${n}.md`), note(n));
    },
  ];

  let killedWhileWorking = 0;
  for (let run = 0; run <= kills; run++) {
    const last = run === kills;
    let timer: NodeJS.Timeout | undefined;
    let messages = 0;
    let synced = false;
    const proc = spawnChild<{ ready?: boolean; progress?: unknown; synced?: unknown }>(
      child,
      [dataDir, folder],
      (message) => {
        messages++;
        if (message.synced) synced = true;
        if (message.ready && !last) timer = setTimeout(() => proc.kill(), Math.floor(random() * 3_000));
      },
    );
    const exit = await proc.exited;
    clearTimeout(timer);
    if (last) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    else if (exit.signal !== 'SIGKILL' && exit.code !== 0)
      throw new Error(`run ${run} failed (seed ${seed}):\n${exit.stderr}`);
    if (exit.signal === 'SIGKILL' && messages > 1 && !synced) killedWhileWorking++;
    if (!last && run % 2 === 1) await changes[(run - 1) / 2]?.();
  }
  console.log(`[faults] ${killedWhileWorking} of ${kills} kills landed after the sync had started`);

  const expected = await onDisk(folder);
  const lore = await createLore({ dataDir, embedder: createTestEmbedder(), worker: false });
  try {
    const documents = await lore.documents.list('synced');
    const where = `seed ${seed}`;
    // One document per file, at its path, with its content, indexed; nothing left of moved or deleted files.
    expect(documents.map((document) => document.title).sort(), where).toEqual([...expected.keys()].sort());
    for (const document of documents) {
      expect(document.status, `${document.title}: ${document.error}, ${where}`).toBe('indexed');
      expect(document.contentHash, `${document.title}, ${where}`).toBe(expected.get(document.title));
    }
    const moved = await lore.search({ collection: 'synced', query: 'item7x', mode: 'keyword', topK: 1 });
    expect(moved[0]?.title, where).toBe('moved/note-7.md');
    const edited = await lore.documents.content(
      documents.find((document) => document.title === 'note-45.md')?.id ?? '',
    );
    expect(edited, where).toContain('version 1.');
    // Postgres and LanceDB agree chunk for chunk, and no job or lease is left behind.
    const report = await lore.doctor();
    expect(report.findings, where).toEqual([]);
  } finally {
    await lore.close();
  }
}, 600_000);
