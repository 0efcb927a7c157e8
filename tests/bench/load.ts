// npm run bench:load [-- --duration 60 --connections 50 --documents 200 --ask-clients 8 --ask-duration 30]
//   [--database-url postgres://… --processes 2]
// The real server on loopback with SciFact documents: search under autocannon (p50/p95/p99, zero errors
// expected), then more concurrent asks than generation slots on the test GGUF (200, or 503/429 with
// Retry-After; the server must stay up). With a Postgres server (`--database-url`, an empty database: the
// bench creates its collection), `--processes N` starts N servers on it and on one LanceDB folder, the
// first with the ingestion worker and the others API-only (LORE_WORKER=false), as docs/deployment.md
// section 4 runs them; the search clients are shared out among them and the asks go to the first.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { finished, listeningPort, startSource } from '../security/process.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    documents: { type: 'string', default: '200' },
    'ask-clients': { type: 'string', default: '8' },
    'ask-duration': { type: 'string', default: '30' },
    slots: { type: 'string', default: '1' },
    'database-url': { type: 'string' },
    processes: { type: 'string', default: '1' },
    'max-queue': { type: 'string', default: '2' },
    dataset: { type: 'string', default: resolve(import.meta.dirname, '../../../shared/data/scifact') },
    models: {
      type: 'string',
      default: process.env.LORE_MODELS_DIR ?? resolve(import.meta.dirname, '../../../shared/models'),
    },
    llm: {
      type: 'string',
      default:
        process.env.LORE_TEST_LLM_MODEL ??
        join(process.env.HOME ?? '', '.cache/lore/models/gemma-3-270m-q4_k_m.gguf'),
    },
  },
});

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
const jsonl = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { _id: string; title?: string; text: string });

const processes = Number(values.processes);
if (processes > 1 && !values['database-url'])
  throw new Error('--processes above 1 needs --database-url: embedded PGlite belongs to one process.');
const dataDir = await mkdtemp(join(tmpdir(), 'lore-load-'));
const servers = Array.from({ length: processes }, (_, index) =>
  startSource('apps/api/src/main.ts', [], {
    HOST: '127.0.0.1',
    PORT: '0',
    LORE_DATA_DIR: dataDir,
    LORE_MODELS_DIR: values.models,
    LORE_EMBEDDING_MODEL: 'use-lite-en',
    LORE_LLM_MODEL: values.llm,
    LORE_LLM_SLOTS: values.slots,
    LORE_LLM_MAX_QUEUE: values['max-queue'],
    LORE_LLM_CONTEXT: '2048',
    LORE_LLM_GPU: 'off',
    // Off for the measurement: 50 clients from one address would otherwise meet the per-address limit.
    LORE_RATE_LIMIT_PER_MINUTE: '0',
    ...(values['database-url'] && { DATABASE_URL: values['database-url'] }),
    ...(index > 0 && { LORE_WORKER: 'false' }),
  }),
);
const exits = servers.map((server) => finished(server));
let crashed = false;
exits.forEach((exit, index) => {
  void exit.then(({ code, stderr }) => {
    if (!stopping) {
      crashed = true;
      console.error(`Server ${index} exited (${code}) during the benchmark:\n${stderr.slice(-4000)}`);
    }
  });
});
let stopping = false;

try {
  // Listen to every server at once: a line printed before its listener is attached would be missed.
  const ports = await Promise.all(servers.map((server) => listeningPort(server, 180_000)));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const url = urls[0] as string;
  const post = (path: string, body: unknown, signal?: AbortSignal) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal && { signal }),
    });

  // 1. A collection of real documents, ingested through the API.
  const corpus = (await jsonl(join(values.dataset, 'corpus.jsonl'))).slice(0, Number(values.documents));
  await post('/v1/collections', { name: 'bench' });
  const ingestStarted = performance.now();
  for (let start = 0; start < corpus.length; start += 50) {
    const form = new FormData();
    for (const document of corpus.slice(start, start + 50)) {
      form.append('file', new File([`${document.title ?? ''}\n\n${document.text}`], `${document._id}.txt`));
    }
    const response = await fetch(`${url}/v1/collections/bench/documents?wait=true`, {
      method: 'POST',
      body: form,
    });
    if (response.status !== 201)
      throw new Error(`Ingest failed: ${response.status} ${await response.text()}`);
  }
  console.log(
    `Ingested ${corpus.length} SciFact documents in ${((performance.now() - ingestStarted) / 1000).toFixed(1)} s`,
  );

  // 2. Search: N clients for the duration, rotating real queries.
  const queries = (await jsonl(join(values.dataset, 'queries.test.jsonl'))).map((query) => query.text);
  // Each server's first search, which may calibrate fusion or open the tables, is not what this measures.
  for (const target of urls) {
    const warmStarted = performance.now();
    await fetch(`${target}/v1/collections/bench/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: queries[0], topK: 10 }),
    }).then((response) => response.arrayBuffer());
    console.log(`first search on ${target}: ${((performance.now() - warmStarted) / 1000).toFixed(1)} s`);
  }
  let next = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  // The clients are shared out among the servers, each run by its own autocannon at the same time.
  const connections = Number(values.connections);
  const share = (index: number) =>
    Math.floor(connections / urls.length) + (index < connections % urls.length ? 1 : 0);
  const runs = await Promise.all(
    urls.map(
      (target, index) =>
        new Promise<autocannon.Result>((done, fail) => {
          const instance = autocannon(
            {
              url: target,
              connections: share(index),
              timeout: 30,
              duration: Number(values.duration),
              requests: [
                {
                  method: 'POST',
                  path: '/v1/collections/bench/search',
                  headers: { 'content-type': 'application/json' },
                  setupRequest: (request) => ({
                    ...request,
                    body: JSON.stringify({ query: queries[next++ % queries.length], topK: 10 }),
                  }),
                },
              ],
            },
            (error, finished) => (error ? fail(error) : done(finished)),
          );
          instance.on('response', (_client, statusCode, _bytes, responseTime) => {
            latencies.push(responseTime);
            statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
          });
        }),
    ),
  );
  const result = {
    requests: {
      total: runs.reduce((sum, run) => sum + run.requests.total, 0),
      average: runs.reduce((sum, run) => sum + run.requests.average, 0),
    },
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    timeouts: runs.reduce((sum, run) => sum + run.timeouts, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  };
  latencies.sort((a, b) => a - b);
  const ms = (p: number) => percentile(latencies, p).toFixed(1);
  console.log(
    `search: ${values.connections} clients on ${urls.length} process(es) (${values['database-url'] ? 'Postgres server' : 'PGlite'}), ${values.duration} s: ${result.requests.total} requests, ${result.requests.average.toFixed(1)} req/s; latency p50 ${ms(50)} ms, p95 ${ms(95)} ms, p99 ${ms(99)} ms, max ${ms(100)} ms`,
  );
  console.log(
    `search: errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );

  // 3. Ask: more concurrent clients than generation slots (+ queue), each asking again as soon as answered.
  const askStatuses = new Map<string, number>();
  const askLatencies: number[] = [];
  let missingRetryAfter = 0;
  const networkErrors: string[] = [];
  const askTimeoutMs = 90_000; // an answer not even started by then counts as hung
  // One answer first: the model loads on first use, which is not what this phase measures.
  await post('/v1/collections/bench/ask', { question: 'warm up', maxTokens: 4, topK: 1 }).then((response) =>
    response.arrayBuffer(),
  );
  const deadline = Date.now() + Number(values['ask-duration']) * 1000;
  const client = async (index: number) => {
    for (let round = 0; Date.now() < deadline; round++) {
      const started = performance.now();
      const response = await post(
        '/v1/collections/bench/ask',
        {
          question: queries[(index * 31 + round) % queries.length],
          maxTokens: 24,
          topK: 3,
        },
        AbortSignal.timeout(askTimeoutMs),
      ).catch((error: Error) => {
        const after = ((performance.now() - started) / 1000).toFixed(0);
        networkErrors.push(
          `${error.message}: ${(error.cause as Error | undefined)?.message ?? ''} after ${after} s`,
        );
        return null;
      });
      const status = response ? String(response.status) : 'no answer (error or 90 s timeout)';
      askStatuses.set(status, (askStatuses.get(status) ?? 0) + 1);
      await response?.arrayBuffer();
      if (response?.status === 200) askLatencies.push(performance.now() - started);
      if ((response?.status === 503 || response?.status === 429) && !response.headers.get('retry-after'))
        missingRetryAfter++;
      if (response && response.status !== 200) {
        const wait = Number(response.headers.get('retry-after') ?? 1);
        await new Promise((done) => setTimeout(done, Math.min(wait, 2) * 1000));
      }
    }
  };
  await Promise.all(Array.from({ length: Number(values['ask-clients']) }, (_, index) => client(index)));
  askLatencies.sort((a, b) => a - b);
  const health = await fetch(`${url}/health`)
    .then((response) => response.status)
    .catch(() => 0);
  console.log(
    `ask: ${values['ask-clients']} clients, ${values.slots} slot(s), queue ${values['max-queue']}, ${values['ask-duration']} s: statuses ${JSON.stringify(Object.fromEntries(askStatuses))}; 200s p50 ${percentile(askLatencies, 50).toFixed(0)} ms, p95 ${percentile(askLatencies, 95).toFixed(0)} ms; 503/429 without Retry-After: ${missingRetryAfter}; server ${crashed ? 'CRASHED' : `alive (health ${health})`}`,
  );
  if (networkErrors.length > 0) console.log(`ask network errors: ${[...new Set(networkErrors)].join('; ')}`);
  const clean = [...askStatuses.keys()].every((status) => ['200', '503', '429'].includes(status));
  const ok =
    result.errors === 0 &&
    result.timeouts === 0 &&
    result.non2xx === 0 &&
    clean &&
    !crashed &&
    missingRetryAfter === 0;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  stopping = true;
  for (const server of servers) server.kill('SIGTERM');
  await Promise.all(exits);
  await rm(dataDir, { recursive: true, force: true });
}
