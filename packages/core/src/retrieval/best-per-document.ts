import type { VectorSearchHit } from '../spec/vector-store.js';

/** The best hit of each document, best first (the input is best first). */
export function bestPerDocument(hits: readonly VectorSearchHit[]): VectorSearchHit[] {
  const best = new Map<string, VectorSearchHit>();
  for (const hit of hits) if (!best.has(hit.documentId)) best.set(hit.documentId, hit);
  return [...best.values()];
}
