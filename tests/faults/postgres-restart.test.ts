import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '@lore/api';
import { createLore, type Lore } from '@lore/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestEmbedder } from '../support/lore.js';

const run = promisify(execFile);
const script = resolve(import.meta.dirname, '../../scripts/test-postgres.sh');
// A server of its own (not the shared test server), so stopping it disturbs no other test.
const pgDir = `/tmp/lore-pg-restart-${process.pid}-${randomInt(1e6)}`;
const pgEnv = { ...process.env, LORE_PG_DIR: pgDir, LORE_PG_PORT: String(56_000 + randomInt(2_000)) };
const postgres = (action: 'start' | 'stop') => run(script, [action], { env: pgEnv });

let dataDir: string;
let lore: Lore;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  const url = (await postgres('start')).stdout.trim();
  dataDir = await mkdtemp(join(tmpdir(), 'lore-pg-restart-'));
  lore = await createLore({
    dataDir,
    databaseUrl: url,
    embedder: createTestEmbedder(),
    workerOptions: { pollMs: 100, leaseMs: 2_000 },
    onWorkerError: () => {},
  });
  app = createApp(lore, { maxRequestBytes: 1024 * 1024, log: () => {} });
});
afterAll(async () => {
  try {
    await lore?.close();
  } finally {
    // The dedicated server goes whatever happened above.
    await postgres('stop');
    await rm(pgDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
});

interface Outcome {
  status: number;
  code?: string;
  settings?: string[];
  ms: number;
}

async function search(): Promise<Outcome> {
  const started = Date.now();
  const response = await app.request('/v1/collections/outage/search', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'owls at night', mode: 'keyword' }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as { error?: { code?: string; settings?: string[] } };
  return {
    status: response.status,
    code: body.error?.code,
    settings: body.error?.settings,
    ms: Date.now() - started,
  };
}

test('Postgres restarted under load: requests fail with 503 UNAVAILABLE, then succeed again without restarting Lore', async () => {
  await lore.collections.create({ name: 'outage' });
  await lore.ingest({ collection: 'outage', documents: [{ text: 'Owls hunt at night.' }], wait: true });
  expect((await search()).status).toBe(200);

  // Four clients search without pause through the whole outage.
  const outcomes: { phase: string; outcome: Outcome }[] = [];
  let phase = 'up';
  let running = true;
  const clients = Array.from({ length: 4 }, async () => {
    while (running) {
      const seenIn = phase;
      outcomes.push({ phase: seenIn, outcome: await search() });
    }
  });
  await new Promise((done) => setTimeout(done, 500));
  phase = 'stopping';
  await postgres('stop');
  phase = 'down';
  await new Promise((done) => setTimeout(done, 1_500));
  phase = 'starting';
  await postgres('start');
  phase = 'back';
  const backSince = Date.now();
  while (Date.now() - backSince < 20_000) {
    const recent = outcomes.filter((entry) => entry.phase === 'back').slice(-8);
    if (recent.length === 8 && recent.every((entry) => entry.outcome.status === 200)) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  running = false;
  await Promise.all(clients);

  const summary = outcomes.map(({ phase, outcome }) => `${phase}:${outcome.status}:${outcome.code ?? ''}`);
  // Never a 500 or another status: success, or 503 UNAVAILABLE while the server is away.
  for (const { outcome } of outcomes) {
    expect(
      outcome.status === 200 || (outcome.status === 503 && outcome.code === 'UNAVAILABLE'),
      summary.join(' '),
    ).toBe(true);
    // No hang: a failing request answers quickly.
    if (outcome.status === 503) expect(outcome.ms, summary.join(' ')).toBeLessThan(10_000);
    // The body names the variable to check, as the server takes it (the core names its databaseUrl option).
    if (outcome.status === 503) expect(outcome.settings).toEqual(['DATABASE_URL']);
  }
  const down = outcomes.filter((entry) => entry.phase === 'down');
  expect(down.length, summary.join(' ')).toBeGreaterThan(0);
  expect(
    down.some((entry) => entry.outcome.status === 503),
    summary.join(' '),
  ).toBe(true);
  expect(
    outcomes
      .filter((entry) => entry.phase === 'back')
      .slice(-8)
      .every((entry) => entry.outcome.status === 200),
    summary.join(' '),
  ).toBe(true);

  // Writes work again too: a new document is ingested and found.
  await lore.ingest({
    collection: 'outage',
    documents: [{ text: 'Bees dance to show the way to flowers.' }],
    wait: true,
  });
  const hits = await lore.search({ collection: 'outage', query: 'bees dance', mode: 'keyword' });
  expect(hits[0]?.text).toContain('Bees dance');
});
