import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLore } from '@lore/core';
import { afterEach, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../setup/postgres.js';
import { createTestEmbedder } from '../support/lore.js';
import { spawnChild } from '../support/spawn-child.js';

const child = resolve(import.meta.dirname, 'support/kill-child.ts');
/** PGlite takes the full 20 kills; the Postgres server, whose leases must expire, fewer to stay in time. */
const killsBy = { pglite: 20, postgres: 8 } as const;
const seed = Number(process.env.LORE_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so a failing sequence of kills can be replayed. */
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

interface RunResult {
  killed: boolean;
  /** Runs whose enqueue the child confirmed. */
  enqueued: boolean;
  /** Ingestion events seen before the kill: the kill hit work in progress when there were some. */
  events: number;
  readyMs: number;
}

/** Starts a child; kills it `pickDelay(readyMs)` ms after it is ready (or during start-up), or lets it settle. */
async function runChild(
  dataDir: string,
  databaseUrl: string,
  run: number,
  kill: { beforeReadyMs: number | null; afterReadyMs: number } | null,
): Promise<RunResult> {
  const started = Date.now();
  const result: RunResult = { killed: false, enqueued: false, events: 0, readyMs: 0 };
  const killNow = () => {
    result.killed = true;
    proc.kill();
  };
  let timer: NodeJS.Timeout | undefined;
  const proc = spawnChild<{ status?: string; enqueued?: number; ready?: number }>(
    child,
    [dataDir, databaseUrl, String(run)],
    (message) => {
      if (message.status) result.events++;
      if (message.enqueued !== undefined) result.enqueued = true;
      if (message.ready !== undefined) {
        result.readyMs = Date.now() - started;
        if (kill && kill.beforeReadyMs == null) timer = setTimeout(killNow, kill.afterReadyMs);
      }
    },
  );
  if (kill?.beforeReadyMs != null) timer = setTimeout(killNow, kill.beforeReadyMs);
  const { code, signal, stderr } = await proc.exited;
  clearTimeout(timer);
  if (signal === 'SIGKILL' || code === 0) return result;
  throw new Error(`child ${run} exited with ${code} (seed ${seed}):\n${stderr}`);
}

describe.each(['pglite', 'postgres'] as const)('kill -9 at random moments, then restart (%s)', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  test(`every document ends indexed exactly once or failed with its reason (${killsBy[kind]} kills)`, async () => {
    console.log(`[faults] kill -9 seed ${seed} (${kind}); replay with LORE_FAULT_SEED=${seed}`);
    const random = createRandom(seed + (kind === 'postgres' ? 1 : 0));
    const dataDir = await mkdtemp(join(tmpdir(), 'lore-kill-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const server = kind === 'postgres' ? await createTestDatabase() : null;
    if (server) cleanups.push(server.drop);
    const url = server?.url ?? '-';

    let kills = 0;
    let duringWork = 0;
    const confirmed: number[] = [];
    let run = 0;
    let readyMs = 3_000;
    while (kills < killsBy[kind]) {
      // A quarter of the kills land during start-up (opening stores, migrating), the rest during ingestion.
      const early = random() < 0.25;
      const plan = {
        beforeReadyMs: early ? Math.floor(random() * readyMs) : null,
        afterReadyMs: Math.floor(random() * 2_500),
      };
      const result = await runChild(dataDir, url, run, plan);
      if (result.readyMs) readyMs = result.readyMs;
      if (result.enqueued) confirmed.push(run);
      if (result.killed) kills++;
      if (result.killed && result.events > 0) duringWork++;
      run++;
    }
    // The last run is left alone until everything settled.
    const final = await runChild(dataDir, url, run, null);
    expect(final.killed).toBe(false);
    confirmed.push(run);
    console.log(
      `[faults] ${kind}: ${kills} kills (${duringWork} with ingestion in flight) over ${run + 1} runs`,
    );

    const lore = await createLore({
      dataDir,
      databaseUrl: server?.url,
      embedder: createTestEmbedder(),
      worker: false,
    });
    try {
      const documents = await lore.documents.list('faults');
      const where = `seed ${seed}`;
      for (const document of documents) {
        if (document.sourceKey.startsWith('file:broken-')) {
          expect(document.status, where).toBe('failed');
          expect(document.error, where).toBeTruthy();
        } else {
          expect(document.status, `${document.title} (${document.error}), ${where}`).toBe('indexed');
          expect(document.chunkCount, where).toBeGreaterThan(0);
        }
      }
      // A run's enqueue is all or nothing, and every confirmed one is there; no document exists twice.
      for (let each = 0; each <= run; each++) {
        const fresh = documents.filter((document) => document.sourceKey.startsWith(`key:run-${each}-`));
        const expected = confirmed.includes(each) || fresh.length > 0 ? 4 : 0;
        expect(fresh.length, `run ${each}, ${where}`).toBe(expected);
      }
      expect(new Set(documents.map((document) => document.sourceKey)).size, where).toBe(documents.length);
      const shared = documents.find((document) => document.sourceKey === 'key:shared');
      expect(await lore.documents.content(shared?.id ?? ''), where).toContain(`version ${run}.`);

      // Postgres and LanceDB agree chunk for chunk, and no job or lease is left behind.
      const report = await lore.doctor();
      expect(report.findings, where).toEqual([]);
      expect(report.documents, where).toBe(documents.length);
    } finally {
      await lore.close();
    }
  }, 600_000);
});
