import { expect, test } from 'vitest';

type Metadata = Record<string, unknown>;
type DocumentInput =
  | { text: string; title: string; metadata?: Metadata }
  | { bytes: Uint8Array; fileName: string; mimeType?: string; metadata?: Metadata };

/** What the SDK (`createLore`) and the HTTP client (`createLoreClient`) have in common. */
export interface LoreLike {
  collections: {
    create(options: { name: string }): Promise<{ name: string }>;
    list(): Promise<{ name: string }[]>;
    delete(name: string): Promise<void>;
  };
  documents: {
    list(collection: string): Promise<{ id: string; title: string; status: string }[]>;
    get(id: string): Promise<{ id: string; status: string }>;
    content(id: string): Promise<string>;
    delete(id: string): Promise<void>;
  };
  ingest(options: {
    collection: string;
    documents: DocumentInput[];
    wait?: boolean;
    onProgress?: (job: { status: string; progress: { done: number; total: number } }) => void;
  }): Promise<{ documents: { id: string; title: string; status: string }[] }>;
  search(options: {
    collection: string;
    query: string;
    topK?: number;
    mode?: 'hybrid' | 'vector' | 'keyword';
  }): Promise<{ documentId: string; title: string; text: string; score: number }[]>;
  ask(options: {
    collection: string;
    question: string;
    sampling?: { temperature?: number; maxTokens?: number };
  }): Promise<{
    answer: string;
    answerable: boolean;
    citations: { documentId: string; title: string; supported: boolean; text: string }[];
  }>;
  askStream(options: {
    collection: string;
    question: string;
    sampling?: { temperature?: number; maxTokens?: number };
  }): AsyncIterable<{ type: string }>;
  chats: {
    create(options: { collection: string; title?: string }): Promise<{ id: string; title: string }>;
    get(id: string): Promise<{ id: string; messages: unknown[] }>;
    list(
      collection: string,
      options?: { limit?: number; cursor?: string },
    ): Promise<{ data: { id: string; title: string; messageCount: number }[]; nextCursor: string | null }>;
    delete(id: string): Promise<void>;
  };
}

export const cats =
  'The domestic cat sleeps for about fifteen hours a day. At night it hunts mice and small birds in the garden.';
export const rockets =
  'A rocket engine burns liquid hydrogen with liquid oxygen. The exhaust leaves the nozzle very fast.';
const catQuestion = 'How many hours a day does a cat sleep?';

/**
 * The behaviour every Lore surface must show, registered as tests inside the caller's `describe`:
 * collections, ingesting text and a file, search, a cited answer from the real LLM, error codes, deletes.
 */
export function loreBehaviour(subject: () => LoreLike) {
  const collection = 'behaviour';
  let rocketsId = '';

  test('collections: create, list, a duplicate and a bad name fail with their codes', async () => {
    const lore = subject();
    expect(await lore.collections.create({ name: collection })).toMatchObject({ name: collection });
    expect((await lore.collections.list()).map((item) => item.name)).toContain(collection);
    await expect(lore.collections.create({ name: collection })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(lore.collections.create({ name: '../etc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  test('ingest a text and a file, waiting with progress until both are indexed', async () => {
    const lore = subject();
    const progress: { status: string; progress: { done: number; total: number } }[] = [];
    const result = await lore.ingest({
      collection,
      documents: [
        { text: cats, title: 'Cats' },
        { bytes: new TextEncoder().encode(rockets), fileName: 'rockets.txt', mimeType: 'text/plain' },
      ],
      wait: true,
      onProgress: (job) => progress.push(job),
    });
    expect(result.documents.map((document) => [document.title, document.status])).toEqual([
      ['Cats', 'indexed'],
      ['rockets.txt', 'indexed'],
    ]);
    // The SDK makes one job; the client one per request (texts go as JSON, files as multipart).
    const last = progress.at(-1);
    expect(last?.status).toBe('completed');
    expect(last?.progress.done).toBe(last?.progress.total);
    rocketsId = result.documents[1]?.id ?? '';
    expect(await lore.documents.content(rocketsId)).toContain('liquid hydrogen');
    expect((await lore.documents.list(collection)).map((document) => document.title).sort()).toEqual([
      'Cats',
      'rockets.txt',
    ]);
  });

  test('search finds the file by meaning and by keyword', async () => {
    const lore = subject();
    const [byMeaning] = await lore.search({
      collection,
      query: 'what fuel do rocket engines use',
      topK: 1,
    });
    expect(byMeaning).toMatchObject({ documentId: rocketsId, title: 'rockets.txt' });
    const [byKeyword] = await lore.search({ collection, query: 'hydrogen', mode: 'keyword', topK: 1 });
    expect(byKeyword?.text).toContain('liquid hydrogen');
  });

  test('ask answers from the documents with a supported citation (real GGUF model)', async () => {
    const lore = subject();
    const answer = await lore.ask({
      collection,
      question: catQuestion,
      sampling: { temperature: 0, maxTokens: 40 },
    });
    expect(answer.answerable).toBe(true);
    expect(answer.answer).toMatch(/fifteen|15/i);
    expect(answer.citations).toContainEqual(expect.objectContaining({ title: 'Cats', supported: true }));
  });

  test('askStream yields text deltas, then citations, then done', async () => {
    const lore = subject();
    const types: string[] = [];
    for await (const event of lore.askStream({
      collection,
      question: catQuestion,
      sampling: { temperature: 0, maxTokens: 40 },
    })) {
      types.push(event.type);
    }
    expect(types.filter((type) => type === 'text-delta').length).toBeGreaterThan(1);
    expect(types.filter((type) => type === 'citations' || type === 'done')).toEqual(['citations', 'done']);
  });

  test('chats: listed a page at a time with message counts, and deleted', async () => {
    const lore = subject();
    const first = await lore.chats.create({ collection, title: 'First' });
    const second = await lore.chats.create({ collection, title: 'Second' });
    const page = await lore.chats.list(collection, { limit: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    const rest = await lore.chats.list(collection, { limit: 1, cursor: page.nextCursor ?? '' });
    expect(rest.nextCursor).toBeNull();
    const listed = [...page.data, ...rest.data];
    expect(listed.map((chat) => chat.id).sort()).toEqual([first.id, second.id].sort());
    expect(listed.map((chat) => chat.messageCount)).toEqual([0, 0]);
    await lore.chats.delete(first.id);
    expect((await lore.chats.list(collection)).data.map((chat) => chat.title)).toEqual(['Second']);
    await expect(lore.chats.get(first.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(lore.chats.list(collection, { cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  test('errors carry the API error code', async () => {
    const lore = subject();
    await expect(lore.search({ collection: 'no-such-collection', query: 'rockets' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(lore.documents.get('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      lore.ingest({ collection, documents: [{ text: '   ', title: 'Blank' }] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  test('deleting a document removes it from search; deleting the collection removes it', async () => {
    const lore = subject();
    await lore.documents.delete(rocketsId);
    const results = await lore.search({ collection, query: 'rocket engine liquid hydrogen', topK: 5 });
    expect(results.map((result) => result.documentId)).not.toContain(rocketsId);
    await expect(lore.documents.get(rocketsId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await lore.collections.delete(collection);
    expect((await lore.collections.list()).map((item) => item.name)).not.toContain(collection);
    await expect(lore.collections.delete(collection)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
}
