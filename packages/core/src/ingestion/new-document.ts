import { LoreError } from '../errors.js';
import type { NewDocument } from '../spec/metadata-store.js';
import { contentHash } from './ids.js';
import { checkIngestInput, type UploadLimits } from './loaders/upload-check.js';
import { type FilePathInput, readFileInput } from './read-files.js';

/** One document to ingest: a file path, raw bytes of a file, or plain text. */
export type IngestInput =
  | FilePathInput
  | {
      bytes: Uint8Array;
      fileName?: string;
      mimeType?: string;
      title?: string;
      key?: string;
      metadata?: Record<string, unknown>;
    }
  | { text: string; title?: string; key?: string; metadata?: Record<string, unknown> };
/* `key`: the document's identity in its collection (default: file name, else title, else content hash);
   ingesting again under the same key replaces the document when its content changed. */

/**
 * Reads, names and checks the inputs of one ingest call; throws BAD_REQUEST before anything is stored
 * when one of them is empty, unreadable or over the limits.
 */
export async function toNewDocuments(inputs: IngestInput[], limits: UploadLimits): Promise<NewDocument[]> {
  if (inputs.length === 0) throw new LoreError('BAD_REQUEST', 'No documents to ingest.');
  const read = await Promise.all(inputs.map((input) => ('path' in input ? readFileInput(input) : input)));
  const documents = read.map(toNewDocument);
  for (const { bytes, fileName, mimeType, metadata } of documents) {
    // Every path in (HTTP, SDK, CLI, MCP) meets the same limits, before anything is stored.
    const named = { fileName: fileName ?? undefined, mimeType: mimeType ?? undefined };
    checkIngestInput({ bytes, ...named, metadata }, limits);
  }
  return documents;
}

/** A text or bytes input as the document the metadata store keeps: title, source key, hash. */
export function toNewDocument(input: Exclude<IngestInput, FilePathInput>): NewDocument {
  const metadata = input.metadata ?? {};
  if ('text' in input) {
    if (input.text.trim().length === 0) throw new LoreError('BAD_REQUEST', 'The document text is empty.');
    const bytes = new TextEncoder().encode(input.text);
    const hash = contentHash(bytes);
    const title = input.title?.trim() || firstLine(input.text);
    return {
      title,
      sourceKey: input.key
        ? `key:${input.key}`
        : input.title?.trim()
          ? `title:${input.title.trim()}`
          : `text:${hash}`,
      mimeType: 'text/plain',
      fileName: null,
      contentHash: hash,
      bytes,
      metadata,
    };
  }
  const fileName = input.fileName ? baseName(input.fileName) : null;
  const hash = contentHash(input.bytes);
  return {
    title: input.title?.trim() || fileName || `Untitled ${hash.slice(0, 8)}`,
    sourceKey: input.key ? `key:${input.key}` : fileName ? `file:${fileName}` : `bytes:${hash}`,
    mimeType: input.mimeType ?? null,
    fileName,
    contentHash: hash,
    bytes: input.bytes,
    metadata,
  };
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** File names are labels, never paths: keep only the last segment. */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop()?.trim() || name;
}
