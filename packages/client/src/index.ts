export { createLoreClient, type LoreClient, type LoreClientOptions } from './client.js';
export { LoreApiError } from './errors.js';
export { readServerSentEvents, type ServerSentEvent } from './server-sent-events.js';
export type * from './types.js';
