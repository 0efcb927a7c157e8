import type { MetadataStore } from '../spec/metadata-store.js';
import type { Database } from './database.js';
import { claimDocuments, releaseLeases, updateDocumentStatus } from './metadata/claims.js';
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
  listDocuments,
} from './metadata/documents.js';
import { enqueue } from './metadata/enqueue.js';
import { getJob } from './metadata/jobs.js';
import { completeDocument, failDocument } from './metadata/progress.js';

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
    completeDocument: (options) => completeDocument(db, options),
    failDocument: (options) => failDocument(db, options),
    getDocument: ({ id }) => getDocument(db, id),
    getDocumentContent: ({ id }) => getDocumentContent(db, id),
    listDocuments: ({ collectionId }) => listDocuments(db, collectionId),
    deleteDocument: ({ id }) => deleteDocument(db, id),
    findDocumentIds: (options) => findDocumentIds(db, options),
    getChunks: ({ documentId }) => getChunks(db, documentId),
    getJob: ({ id }) => getJob(db, id),
    close: () => database.close(),
  };
}
