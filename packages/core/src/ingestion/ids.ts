import { createHash } from 'node:crypto';

/** sha256 of raw bytes, hex: the identity of a document's content. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A chunk id that is the same every time the same content is chunked, so a replayed write after a
 * crash overwrites rows instead of duplicating them, and changed content gets new ids.
 */
export function chunkId(documentId: string, documentHash: string, index: number): string {
  return createHash('sha256').update(`${documentId}\0${documentHash}\0${index}`).digest('hex').slice(0, 32);
}
