// Run as a separate process by the kill -9 fault test, which kills it at random moments.
// argv: <dataDir> <databaseUrl|-> <run>. Each run enqueues new documents, an update of one shared
// document and a broken file, then lets the worker go on with everything left by earlier runs.
import { createLore, type Lore } from '@lore/core';
import { createTestEmbedder } from '../../support/lore.js';
import { recoveryDocuments } from '../../support/recovery-documents.js';

const [dataDir, databaseUrl, runText] = process.argv.slice(2);
if (!dataDir || !databaseUrl || !runText)
  throw new Error('usage: kill-child <dataDir> <databaseUrl|-> <run>');
const run = Number(runText);
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

const lore: Lore = await createLore({
  dataDir,
  databaseUrl: databaseUrl === '-' ? undefined : databaseUrl,
  embedder: createTestEmbedder(),
  workerOptions: { batchSize: 2, leaseMs: 1_500, pollMs: 50 },
});
lore.onIngestionEvent((event) => say({ status: event.status }));
say({ ready: run });
if (!(await lore.collections.list()).some((collection) => collection.name === 'faults')) {
  await lore.collections.create({ name: 'faults' });
}
const fresh = recoveryDocuments(4).map((document, i) => ({ ...document, key: `run-${run}-${i}` }));
await lore.ingest({
  collection: 'faults',
  documents: [
    ...fresh,
    { text: `Shared notes, version ${run}. ${fresh[0]?.text ?? ''}`, key: 'shared', title: 'Shared' },
    { bytes: new TextEncoder().encode(`%PDF-1.4 broken ${run}`), fileName: `broken-${run}.pdf` },
  ],
});
say({ enqueued: run });

// Exit once every document is indexed or failed and no job is left running.
for (;;) {
  const documents = await lore.documents.list('faults');
  const settled = documents.every(
    (document) => document.status === 'indexed' || document.status === 'failed',
  );
  const jobs = await Promise.all(
    [...new Set(documents.map((document) => document.jobId))].map((id) => (id ? lore.jobs.get(id) : null)),
  );
  if (settled && jobs.every((job) => !job || job.status === 'completed' || job.status === 'failed')) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
say({ settled: run });
await lore.close();
