import type { MetadataStore } from '../spec/metadata-store.js';
import type { Database } from './database.js';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from './metadata/api-keys.js';
import {
  claimDocuments,
  releaseLeases,
  updateDocumentStatus,
  updateDocumentsStatus,
} from './metadata/claims.js';
import {
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
} from './metadata/collections.js';
import {
  deleteDocument,
  findDocumentIds,
  getChunks,
  getDocument,
  getDocumentContent,
  getDocuments,
  listDocuments,
} from './metadata/documents.js';
import { enqueue } from './metadata/enqueue.js';
import { getJob } from './metadata/jobs.js';
import { findLeftovers, repairLeftovers } from './metadata/leftovers.js';
import { completeDocument, completeDocuments, failDocument } from './metadata/progress.js';

/** A `MetadataStore` over a drizzle database (PGlite or a Postgres server); `close()` closes the database. */
export function createPostgresMetadataStore(database: Database): MetadataStore {
  const { db } = database;
  return {
    provider: database.driver,
    createCollection: ({ name }) => createCollection(db, name),
    getCollection: ({ name }) => getCollection(db, name),
    listCollections: () => listCollections(db),
    deleteCollection: ({ id }) => deleteCollection(db, id),
    enqueue: ({ collectionId, documents }) => enqueue(db, collectionId, documents),
    claimDocuments: (options) => claimDocuments(db, options),
    releaseLeases: () => releaseLeases(db),
    updateDocumentStatus: (options) => updateDocumentStatus(db, options),
    updateDocumentsStatus: (options) => updateDocumentsStatus(db, options),
    completeDocument: (options) => completeDocument(db, options),
    completeDocuments: ({ documents }) => completeDocuments(db, documents),
    failDocument: (options) => failDocument(db, options),
    getDocument: ({ id }) => getDocument(db, id),
    getDocuments: ({ ids }) => getDocuments(db, ids),
    getDocumentContent: ({ id }) => getDocumentContent(db, id),
    listDocuments: ({ collectionId }) => listDocuments(db, collectionId),
    deleteDocument: ({ id }) => deleteDocument(db, id),
    findDocumentIds: (options) => findDocumentIds(db, options),
    getChunks: ({ documentId }) => getChunks(db, documentId),
    getJob: ({ id }) => getJob(db, id),
    findLeftovers: () => findLeftovers(db),
    repairLeftovers: (leftovers) => repairLeftovers(db, leftovers),
    createApiKey: (key) => createApiKey(db, key),
    getApiKey: ({ prefix }) => getApiKey(db, prefix),
    listApiKeys: () => listApiKeys(db),
    revokeApiKey: ({ idOrPrefix }) => revokeApiKey(db, idOrPrefix),
    close: () => database.close(),
  };
}
