/**
 * npm run bench:client — what the HTTP client adds over the in-process SDK: the same searches and
 * document reads through `lore.*` and through `createLoreClient` against a local server (loopback).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '@lore/api';
import { createLoreClient } from '@lore/client';
import { createTestLore } from '../support/lore.js';

const rounds = Number(process.argv[2] ?? 200);
const env = await createTestLore('pglite');
const app = createApp(env.lore, { maxRequestBytes: 4 * 1024 * 1024, log: () => {} });
const server = await new Promise<ReturnType<typeof serve>>((done) => {
  const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => done(started));
});
const client = createLoreClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });

await env.lore.collections.create({ name: 'bench' });
const texts = Array.from(
  { length: 50 },
  (_, index) =>
    `Note ${index}: the ${['cat', 'owl', 'rocket', 'tea', 'violin'][index % 5]} fact number ${index}.`,
);
const { documents } = await env.lore.ingest({
  collection: 'bench',
  documents: texts.map((text, index) => ({ text, title: `Note ${index}` })),
  wait: true,
});
const id = documents[0]?.id ?? '';

async function measure(name: string, run: (round: number) => Promise<unknown>) {
  for (let round = 0; round < 10; round++) await run(round); // warm-up: models, caches, connections
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await run(round);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (quantile: number) =>
    times[Math.min(times.length - 1, Math.floor(quantile * times.length))] ?? 0;
  console.log(`${name.padEnd(28)} p50 ${at(0.5).toFixed(2)} ms   p95 ${at(0.95).toFixed(2)} ms`);
}

const query = (round: number) => ({ collection: 'bench', query: `fact number ${round % 50}`, topK: 5 });
console.log(`${rounds} rounds each, 50 documents, use-lite-en, PGlite, loopback HTTP`);
await measure('SDK documents.get', () => env.lore.documents.get(id));
await measure('client documents.get', () => client.documents.get(id));
await measure('SDK search (keyword)', (round) => env.lore.search({ ...query(round), mode: 'keyword' }));
await measure('client search (keyword)', (round) => client.search({ ...query(round), mode: 'keyword' }));
await measure('SDK search (hybrid)', (round) => env.lore.search(query(round)));
await measure('client search (hybrid)', (round) => client.search(query(round)));

await new Promise((done) => server.close(done));
await env.cleanup();
