import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLore } from '@lore/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestEmbedder } from '../support/lore.js';
import { recoveryDocuments } from '../support/recovery-documents.js';
import { startServer } from './support/server-process.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lore-shutdown-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test('SIGTERM: refuses new connections, finishes the request in flight, closes the stores, exits 0', async () => {
  const server = await startServer({ LORE_DATA_DIR: dataDir, LORE_SHUTDOWN_TIMEOUT_MS: '60000' });
  const created = await fetch(`${server.url}/v1/collections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'shutdown' }),
  });
  expect(created.status).toBe(201);

  // A long document ingested with wait=true keeps its request open while the worker embeds it.
  const text = recoveryDocuments(40)
    .map((document) => document.text)
    .join('\n\n');
  let answeredAt = 0;
  const inFlight = fetch(`${server.url}/v1/collections/shutdown/documents?wait=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, title: 'Long report' }),
  }).then(async (response) => {
    answeredAt = Date.now();
    return { status: response.status, body: (await response.json()) as { documents: unknown[] } };
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.process.kill('SIGTERM');
  while (!server.output().includes('[lore] SIGTERM')) await new Promise((resolve) => setTimeout(resolve, 20));

  // New connections are refused at once, while the earlier request is still being served.
  const { port } = new URL(server.url);
  const refused = await new Promise<string>((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.on('error', (error: Error & { code?: string }) => resolve(error.code ?? error.message));
  });
  const refusedAt = Date.now();
  expect(refused).toBe('ECONNREFUSED');

  const answer = await inFlight;
  expect(answeredAt).toBeGreaterThan(refusedAt);
  expect(answer.status).toBe(201);
  expect(answer.body.documents[0]).toMatchObject({ title: 'Long report', status: 'indexed' });
  expect(await server.exited).toBe(0);
  expect(server.output()).toContain('[lore] SIGTERM: no new connections');
  expect(server.output()).toContain('[lore] stopped');

  // The data folder was released and left consistent: it opens again and the doctor finds nothing.
  const lore = await createLore({ dataDir, embedder: createTestEmbedder(), worker: false });
  try {
    expect((await lore.doctor()).findings).toEqual([]);
    const [document] = await lore.documents.list('shutdown');
    expect(document).toMatchObject({ status: 'indexed' });
    expect(document?.chunkCount).toBeGreaterThan(10);
  } finally {
    await lore.close();
  }
});
