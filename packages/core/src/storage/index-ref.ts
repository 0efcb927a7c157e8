import type { Embedder } from '../spec/embedding.js';
import type { IndexRef } from '../spec/vector-store.js';

/** The vector index of a collection for one embedder: a model change can never mix dimensions. */
export async function indexRefFor(collectionId: string, embedder: Embedder): Promise<IndexRef> {
  return {
    collectionId,
    embedderId: `${embedder.provider}:${embedder.modelId}`,
    dimensions: await embedder.dimensions(),
  };
}
