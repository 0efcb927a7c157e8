// Run as a separate process by the recovery test, which kills it with SIGKILL mid-ingestion.
// argv: <dataDir> <databaseUrl|-> <documentCount>
import { createLore } from '@lore/core';
import { createTestEmbedder } from './lore.js';
import { recoveryDocuments } from './recovery-documents.js';

const [dataDir, databaseUrl, count] = process.argv.slice(2);
if (!dataDir || !databaseUrl || !count)
  throw new Error('usage: ingest-child <dataDir> <databaseUrl|-> <count>');
const lore = await createLore({
  dataDir,
  databaseUrl: databaseUrl === '-' ? undefined : databaseUrl,
  embedder: createTestEmbedder(),
  workerOptions: { batchSize: 2, leaseMs: 1_500, pollMs: 50 },
});
lore.onIngestionEvent((event) => process.stdout.write(`${JSON.stringify(event)}\n`));
if (!(await lore.collections.list()).some((c) => c.name === 'recovery')) {
  await lore.collections.create({ name: 'recovery' });
}
const { job } = await lore.ingest({ collection: 'recovery', documents: recoveryDocuments(Number(count)) });
process.stdout.write(`${JSON.stringify({ jobId: job.id })}\n`);
