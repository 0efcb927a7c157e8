import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLore, type Lore } from '@lore/core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../setup/postgres.js';
import { createTestEmbedder } from '../support/lore.js';

/** Real file-system faults need a small tmpfs of our own: root with mount rights (CI runs so). */
function canMount(): boolean {
  const probe = join(tmpdir(), `lore-mount-probe-${process.pid}`);
  try {
    execFileSync('mkdir', ['-p', probe]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-rf', probe]);
  }
}

const mountable = canMount();
const text = (topic: string) =>
  Array.from(
    { length: 40 },
    (_, i) => `Notes on ${topic}, paragraph ${i}: ${topic} observed at site ${i}.`,
  ).join('\n\n');

// LanceDB lives on a 24 MB tmpfs; metadata on the Postgres test server, so only the vector files hit the fault.
describe.skipIf(!mountable)('the LanceDB folder full or read-only', () => {
  let mountPoint: string;
  let lore: Lore;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    mountPoint = await mkdtemp(join(tmpdir(), 'lore-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint]);
    const database = await createTestDatabase();
    drop = database.drop;
    lore = await createLore({
      dataDir: join(mountPoint, 'data'),
      databaseUrl: database.url,
      lanceUri: join(mountPoint, 'lance'),
      embedder: createTestEmbedder(),
      workerOptions: { pollMs: 50 },
      onWorkerError: () => {},
    });
    await lore.collections.create({ name: 'disk' });
    const { documents } = await lore.ingest({
      collection: 'disk',
      documents: [{ text: text('owls'), key: 'owls' }],
      wait: true,
    });
    expect(documents[0]?.status).toBe('indexed');
  });
  afterEach(async () => {
    execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    await lore.close();
    await drop();
    execFileSync('umount', [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  });

  async function expectCleanFailureThenRecovery(restore: () => Promise<void>) {
    const { documents } = await lore.ingest({
      collection: 'disk',
      documents: [{ text: text('bees'), key: 'bees' }],
      wait: true,
    });
    // A clear reason on the document, never a crash.
    expect(documents[0]?.status).toBe('failed');
    expect(documents[0]?.error).toMatch(/LanceDB could not .*(space|read-only|Read-only|permission)/i);
    // What was indexed before is still served.
    const before = await lore.search({ collection: 'disk', query: 'owls observed', mode: 'keyword' });
    expect(before[0]?.text).toContain('owls');

    await restore();
    const again = await lore.ingest({
      collection: 'disk',
      documents: [{ text: text('bees'), key: 'bees' }],
      wait: true,
    });
    expect(again.documents[0]?.status).toBe('indexed');
    const hits = await lore.search({ collection: 'disk', query: 'bees observed', mode: 'keyword' });
    expect(hits[0]?.text).toContain('bees');
    // No corruption: Postgres and LanceDB agree.
    expect((await lore.doctor()).findings).toEqual([]);
  }

  test('disk full: the document fails with the reason, nothing is corrupted, and it indexes once space is back', async () => {
    const filler = join(mountPoint, 'filler');
    // Fill the file system to the last byte.
    await writeFile(filler, Buffer.alloc(64 * 1024 * 1024)).catch(() => {});
    await expectCleanFailureThenRecovery(() => rm(filler));
  });

  test('read-only: the document fails with the reason, and it indexes once the folder is writable again', async () => {
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    await expectCleanFailureThenRecovery(async () => {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    });
  });
});
