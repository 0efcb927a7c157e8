// Starts the embedding worker from TypeScript source (tsx, vitest): registers tsx in this thread, then
// imports the `.ts` entry. The compiled package starts dist/embed-worker.js directly and never loads this.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
