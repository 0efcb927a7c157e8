import { LoreError } from '../errors.js';
import type { Retrieval } from '../retrieval/retrieve.js';
import type { Collection, MetadataStore } from '../spec/metadata-store.js';
import type { VectorStore } from '../spec/vector-store.js';
import type { Lore } from './types.js';

const collectionName = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Collections: the naming rule, and deletion of their vectors and fusion weights with them. */
export function createCollections(context: {
  metadata: MetadataStore;
  vectors: VectorStore;
  retrieval: Retrieval;
}): Lore['collections'] {
  const { metadata, vectors, retrieval } = context;
  const get = async (name: string): Promise<Collection> => {
    const collection = await metadata.getCollection({ name });
    if (!collection)
      throw new LoreError('NOT_FOUND', `Collection "${name}" does not exist. Create it first.`);
    return collection;
  };
  return {
    async create({ name }) {
      if (!collectionName.test(name)) {
        throw new LoreError(
          'BAD_REQUEST',
          `Invalid collection name "${name}": use 1-64 letters, digits, "-" or "_", starting with a letter or digit.`,
        );
      }
      if (await metadata.getCollection({ name })) {
        throw new LoreError('CONFLICT', `Collection "${name}" already exists.`);
      }
      return metadata.createCollection({ name });
    },
    get,
    list: () => metadata.listCollections(),
    async delete(name) {
      const collection = await get(name);
      await metadata.deleteCollection({ id: collection.id });
      await vectors.dropCollection({ collectionId: collection.id });
      retrieval.collectionDeleted(collection.id);
    },
  };
}
