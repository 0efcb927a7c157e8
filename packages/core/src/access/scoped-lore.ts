import { createAgents } from '../agents/agent-api.js';
import { LoreError } from '../errors.js';
import type { Lore } from '../lore/types.js';
import type { ChatRecord } from '../spec/chat-store.js';
import type { ApiKeyScope } from '../spec/metadata-store.js';
import { type Access, canSeeCollection, currentAccess } from './access-context.js';
import type { ApiKeys } from './api-keys.js';

/** Every member of `T`, optional ones included: a view that leaves one out (or forgets one added later) does not compile. */
export type EveryMember<T> = { [K in keyof T]-?: T[K] };

const missingCollection = (name: string) =>
  new LoreError('NOT_FOUND', `Collection "${name}" does not exist. Create it first.`);

/**
 * A view of `lore` that enforces the current request's access (see `runWithAccess`): collections outside
 * the key's list, and their documents, jobs and chats, answer NOT_FOUND as if they did not exist; a key
 * reads only the chats it created.
 */
export function createScopedLore(lore: Lore): Lore {
  /** Mutations check their scope here too, so a route or tool that forgets to (e.g. over MCP) still cannot. */
  function requireScope(scope: ApiKeyScope): Access {
    const access = currentAccess();
    if (!access.scopes.includes(scope)) {
      throw new LoreError('FORBIDDEN', `This key lacks the "${scope}" scope that this action needs.`);
    }
    return access;
  }

  function visible(name: string): Access {
    const access = currentAccess();
    if (!canSeeCollection(access, name)) throw missingCollection(name);
    return access;
  }

  /** Throws `notFound` unless the collection with this id is visible. */
  async function checkCollectionId(collectionId: string, notFound: () => LoreError): Promise<void> {
    const access = currentAccess();
    if (access.collections === null) return;
    const collection = (await lore.collections.list()).find((candidate) => candidate.id === collectionId);
    if (!collection || !canSeeCollection(access, collection.name)) throw notFound();
  }

  async function getDocument(id: string) {
    const document = await lore.documents.get(id);
    await checkCollectionId(
      document.collectionId,
      () => new LoreError('NOT_FOUND', `Document ${id} does not exist.`),
    );
    return document;
  }

  async function getJob(id: string) {
    const job = await lore.jobs.get(id);
    await checkCollectionId(job.collectionId, () => new LoreError('NOT_FOUND', `Job ${id} does not exist.`));
    return job;
  }

  async function getSource(id: string) {
    const source = await lore.sources.get(id);
    await checkCollectionId(
      source.collectionId,
      () => new LoreError('NOT_FOUND', `Source ${id} does not exist.`),
    );
    requireScope('ingest');
    return source;
  }

  async function getChat(id: string): Promise<ChatRecord> {
    const chat = await lore.chats.get(id);
    const access = currentAccess();
    const notFound = () => new LoreError('NOT_FOUND', `Chat ${id} does not exist.`);
    if (access.keyId !== null && chat.ownerKeyId !== access.keyId) throw notFound();
    await checkCollectionId(chat.collectionId, notFound);
    return chat;
  }

  async function checkAsk(options: { collection: string; chatId?: string }): Promise<void> {
    visible(options.collection);
    if (options.chatId) await getChat(options.chatId);
  }

  // Any admin may grant any scope (it could use its own admin powers anyway); collections only narrow.
  const keys = {
    async create(options) {
      const access = requireScope('admin');
      if (access.collections !== null) {
        const wanted = options.collections ?? [];
        if (wanted.length === 0 || wanted.some((name) => !access.collections?.includes(name))) {
          throw new LoreError(
            'FORBIDDEN',
            'A key limited to collections can only make keys for those collections.',
          );
        }
      }
      return lore.keys.create(options);
    },
    async list() {
      const access = requireScope('admin');
      const all = await lore.keys.list();
      if (access.collections === null) return all;
      return all.filter((key) => key.collections?.every((name) => canSeeCollection(access, name)) ?? false);
    },
    async revoke(idOrPrefix) {
      const listed = await keys.list();
      if (!listed.some((key) => key.id === idOrPrefix || key.prefix === idOrPrefix)) {
        throw new LoreError('NOT_FOUND', `No API key with id or prefix "${idOrPrefix}".`);
      }
      await lore.keys.revoke(idOrPrefix);
    },
    verify: (secret) => lore.keys.verify(secret),
  } satisfies EveryMember<ApiKeys>;

  /** Collection names by id, for filtering events (ids and names never change). */
  const namesById = new Map<string, string>();
  async function collectionNameOf(id: string): Promise<string | undefined> {
    if (!namesById.has(id)) {
      for (const collection of await lore.collections.list()) namesById.set(collection.id, collection.name);
    }
    return namesById.get(id);
  }

  // Every member, and every member of each group, is listed (the compiler checks it, optional ones too):
  // a new one must decide here how it is scoped.
  const scoped = {
    embedder: lore.embedder,
    languageModel: lore.languageModel,
    collections: {
      async create(options) {
        if (!canSeeCollection(requireScope('admin'), options.name)) {
          throw new LoreError('FORBIDDEN', `This key cannot create collection "${options.name}".`);
        }
        return lore.collections.create(options);
      },
      async get(name) {
        visible(name);
        return lore.collections.get(name);
      },
      async list() {
        const access = currentAccess();
        return (await lore.collections.list()).filter((collection) =>
          canSeeCollection(access, collection.name),
        );
      },
      async delete(name) {
        visible(name);
        requireScope('admin');
        return lore.collections.delete(name);
      },
    } satisfies EveryMember<Lore['collections']>,
    documents: {
      async list(collection) {
        visible(collection);
        return lore.documents.list(collection);
      },
      get: getDocument,
      async content(id) {
        await getDocument(id);
        return lore.documents.content(id);
      },
      async delete(id) {
        await getDocument(id);
        requireScope('ingest');
        return lore.documents.delete(id);
      },
    } satisfies EveryMember<Lore['documents']>,
    jobs: {
      get: getJob,
      async *watch(id, options) {
        await getJob(id);
        yield* lore.jobs.watch(id, options);
      },
    } satisfies EveryMember<Lore['jobs']>,
    async ingest(options) {
      visible(options.collection);
      requireScope('ingest');
      return lore.ingest(options);
    },
    // Sources read the server's disk: every call needs the ingest scope, as ingesting does.
    sources: {
      async create(options) {
        visible(options.collection);
        requireScope('ingest');
        return lore.sources.create(options);
      },
      async list(collection) {
        const access = requireScope('ingest');
        if (collection !== undefined) visible(collection);
        const all = await lore.sources.list(collection);
        if (access.collections === null) return all;
        const names = new Map((await lore.collections.list()).map((one) => [one.id, one.name]));
        return all.filter((source) => {
          const name = names.get(source.collectionId);
          return name !== undefined && canSeeCollection(access, name);
        });
      },
      get: getSource,
      async sync(id, options) {
        await getSource(id);
        return lore.sources.sync(id, options);
      },
      async delete(id, options) {
        await getSource(id);
        return lore.sources.delete(id, options);
      },
    } satisfies EveryMember<Lore['sources']>,
    async search(options) {
      visible(options.collection);
      return lore.search(options);
    },
    async ask(options) {
      await checkAsk(options);
      return lore.ask(options);
    },
    async *askStream(options) {
      await checkAsk(options);
      yield* lore.askStream(options);
    },
    chats: {
      async create(options) {
        const access = visible(options.collection);
        return lore.chats.create({ ...options, ownerKeyId: access.keyId });
      },
      get: getChat,
      async list(collection, options = {}) {
        const access = visible(collection);
        // A key lists only its own chats, whatever owner the caller asked for.
        return lore.chats.list(
          collection,
          access.keyId === null ? options : { ...options, ownerKeyId: access.keyId },
        );
      },
      async delete(id) {
        await getChat(id);
        return lore.chats.delete(id);
      },
    } satisfies EveryMember<Lore['chats']>,
    keys,
    async generateObject(options) {
      if (options.collection) visible(options.collection);
      return lore.generateObject(options);
    },
    runAgent: (options) => agents.runAgent(options),
    classify: (options) => lore.classify(options),
    onIngestionEvent(listener) {
      const access = currentAccess();
      if (access.collections === null) return lore.onIngestionEvent(listener);
      return lore.onIngestionEvent((event) => {
        collectionNameOf(event.collectionId).then(
          (name) => {
            if (name !== undefined && canSeeCollection(access, name)) listener(event);
          },
          () => {}, // an event that cannot be attributed is not delivered
        );
      });
    },
    async doctor(options) {
      const access = requireScope('admin');
      if (access.collections !== null)
        throw new LoreError(
          'FORBIDDEN',
          'lore doctor checks every collection: it needs an admin key for all of them.',
        );
      return lore.doctor(options);
    },
    // The app that made the Lore closes it; a request's view passes the call on.
    close: () => lore.close(),
  } satisfies EveryMember<Lore>;
  // The agents' tools go through this view, so its search and document checks hold for them too.
  const agents = createAgents({
    languageModel: lore.languageModel,
    search: scoped.search,
    collections: scoped.collections,
    documents: scoped.documents,
  });
  return scoped;
}
