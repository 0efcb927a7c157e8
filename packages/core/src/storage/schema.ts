import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DocumentStatus, JobError, JobStatus } from '../spec/metadata-store.js';
import type { SourceKind, SourceSettings } from '../spec/source-store.js';

/** Raw bytes; postgres.js hands back a Buffer and PGlite a Uint8Array, so both are normalised. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Named sets of documents; every other row belongs to one. */
export const collections = pgTable('collections', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdAt: createdAt(),
});

/** One ingestion request; `done` counts indexed and failed documents, `failed` the failed ones. */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errors: jsonb('errors').$type<JobError[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('jobs_collection_idx').on(table.collectionId)],
);

/** A source inside a collection, its processing state, lease and extracted text. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    jobId: uuid('job_id').references(() => jobs.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    sourceKey: text('source_key').notNull(),
    mimeType: text('mime_type'),
    contentHash: text('content_hash').notNull(),
    status: text('status').$type<DocumentStatus>().notNull().default('queued'),
    error: text('error'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    chunkCount: integer('chunk_count').notNull().default(0),
    content: text('content'),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** When the document was (re-)queued (clock time, so a batch keeps its order); claims take the oldest first. */
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('documents_collection_source_key_idx').on(table.collectionId, table.sourceKey),
    index('documents_claim_idx')
      .on(table.queuedAt)
      .where(sql`${table.status} in ('queued', 'parsing', 'embedding')`),
    index('documents_job_idx').on(table.jobId),
    index('documents_metadata_idx').using('gin', table.metadata),
  ],
);

/** The raw upload of a document, kept until it is indexed so a crashed worker can start over. */
export const documentSources = pgTable('document_sources', {
  documentId: uuid('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  fileName: text('file_name'),
  mimeType: text('mime_type'),
  bytes: bytea('bytes').notNull(),
});

/** Chunk metadata; the chunk text and vector live in the vector store under the same id. */
export const chunks = pgTable(
  'chunks',
  {
    id: text('id').primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    index: integer('chunk_index').notNull(),
    start: integer('char_start').notNull(),
    end: integer('char_end').notNull(),
    page: integer('page'),
    tokens: integer('tokens').notNull(),
    heading: text('heading'),
  },
  (table) => [uniqueIndex('chunks_document_index_idx').on(table.documentId, table.index)],
);

/** A conversation over one collection. */
export const chats = pgTable(
  'chats',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** The API key that created the chat; null when made without keys (local use). */
    ownerKeyId: uuid('owner_key_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('chats_collection_idx').on(table.collectionId, table.updatedAt)],
);

/** One message of a chat; assistant messages keep their citations. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    role: text('role').$type<'user' | 'assistant'>().notNull(),
    content: text('content').notNull(),
    citations: jsonb('citations').$type<unknown[]>().notNull().default([]),
    /** Clock time, so messages written in one transaction keep their order. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (table) => [index('chat_messages_chat_idx').on(table.chatId, table.createdAt)],
);

/** An API key: only the SHA-256 of the secret is kept; `prefix` identifies it in lists and lookups. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  prefix: text('prefix').notNull().unique(),
  hash: text('hash').notNull(),
  name: text('name').notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull(),
  /** Collection names the key may use; null: every collection. */
  collections: jsonb('collections').$type<string[] | null>(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * Where a collection's documents come from and are kept in step with: a folder on the server's disk
 * (`kind` leaves room for other kinds, e.g. a list of URLs, with `location` their address).
 */
export const sources = pgTable(
  'sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<SourceKind>().notNull(),
    /** A folder's absolute path, or a URL source's sitemap or start page. */
    location: text('location').notNull(),
    /** A URL source's crawl limits (maxPages, maxDepth); empty for a folder. */
    settings: jsonb('settings').$type<SourceSettings>().notNull().default({}),
    /** Sync every this many seconds; null: only when asked. */
    intervalSeconds: integer('interval_seconds'),
    /** When the last sync began (a scheduler claims a due source by setting it). */
    syncStartedAt: timestamp('sync_started_at', { withTimezone: true }),
    /** When the last sync finished planning and queued its work. */
    syncedAt: timestamp('synced_at', { withTimezone: true }),
    lastJobId: uuid('last_job_id').references(() => jobs.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('sources_collection_location_idx').on(table.collectionId, table.kind, table.location),
  ],
);
