import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@lore/api';
import { createLoreClient, type LoreClient } from '@lore/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLanguageModel, createTestLore } from '../support/lore.js';

// Every public method of @lore/client is called against the real app; each request it sends must be an
// operation of the app's /openapi.json, and the operations no method calls must be the allow-list below.

/** One request the client sent, and whether the app had a route for it at all. */
interface Sent {
  method: string;
  path: string;
  routed: boolean;
}
type Step = (client: LoreClient) => Promise<unknown>;
/** One step per client method; the compiler names each one, so a new method needs its step here. */
type Steps = {
  [K in keyof LoreClient]: LoreClient[K] extends (...args: never[]) => unknown
    ? Step
    : { [M in keyof LoreClient[K]]: Step };
};

/**
 * The operations of /openapi.json that no client method calls, each with the reason; adding a route
 * without a client method means adding it here, on purpose.
 */
const notCalledByTheClient: Record<string, string> = {
  // OpenAI-compatible routes: for OpenAI SDKs and tools, which the client does not replace.
  'POST /v1/chat/completions': 'OpenAI-compatible chat, for OpenAI clients',
  'POST /v1/embeddings': 'OpenAI-compatible embeddings, for OpenAI clients',
};

/** The matching operation (`GET /v1/collections/{name}`) for a concrete path, the most literal one first. */
function operationFor(operations: string[], method: string, path: string): string | undefined {
  const segments = path.split('/').map((segment) => decodeURIComponent(segment));
  const matches = operations.filter((operation) => {
    const [operationMethod, template = ''] = operation.split(' ');
    const parts = template.split('/');
    return (
      operationMethod === method &&
      parts.length === segments.length &&
      parts.every((part, index) => /^\{[^}]+\}$/.test(part) || part === segments[index])
    );
  });
  const literals = (operation: string) => operation.split('/').filter((part) => !part.startsWith('{')).length;
  return matches.sort((a, b) => literals(b) - literals(a))[0];
}

describe('the client’s requests against the app’s /openapi.json', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let client: LoreClient;
  let operations: string[];
  /** The requests of the step that is running; null while setting up. */
  let recording: Sent[] | null = null;
  const sentBy = new Map<string, Sent[]>();
  const fixture = {
    documentId: '',
    doomedDocumentId: '',
    jobId: '',
    chatId: '',
    doomedChatId: '',
    keyId: '',
    sourceId: '',
    doomedSourceId: '',
    /** Folders the sources sync: the fixtures' and the one `sources.create` registers. */
    folders: [] as string[],
  };

  beforeAll(async () => {
    // The fast test LLM is enough here: the steps need answers, not good ones.
    env = await createTestLore('pglite', { languageModel: createTestLanguageModel() });
    const app = createApp(env.lore, { maxRequestBytes: 4 * 1024 * 1024, auth: 'keys', log: () => {} });
    const { secret } = await env.lore.keys.create({ name: 'routes', scopes: ['read', 'ingest', 'admin'] });
    client = createLoreClient({
      baseUrl: 'http://127.0.0.1',
      apiKey: secret,
      // In process: the app answers the client's requests without a socket.
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const response = await app.fetch(request);
        const unrouted = response.status === 404 && (await response.clone().text()).includes('No route for');
        recording?.push({ method: request.method, path: new URL(request.url).pathname, routed: !unrouted });
        return response;
      },
    });
    const spec = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );

    await client.collections.create({ name: 'routes' });
    await client.collections.create({ name: 'routes-doomed' });
    const { jobs, documents } = await client.ingest({
      collection: 'routes',
      documents: [
        { text: 'Owls hunt at night and can turn their heads very far.', title: 'Owls' },
        { text: 'Rockets burn fuel to climb out of the atmosphere.', title: 'Rockets' },
      ],
      wait: true,
    });
    fixture.jobId = jobs[0]?.id ?? '';
    fixture.documentId = documents[0]?.id ?? '';
    fixture.doomedDocumentId = documents[1]?.id ?? '';
    fixture.chatId = (await client.chats.create({ collection: 'routes' })).id;
    fixture.doomedChatId = (await client.chats.create({ collection: 'routes' })).id;
    fixture.keyId = (await client.keys.create({ name: 'doomed', scopes: ['read'] })).id;
    for (let index = 0; index < 3; index++) {
      const folder = await mkdtemp(join(tmpdir(), 'lore-routes-'));
      await writeFile(join(folder, 'hedgehogs.md'), 'Hedgehogs roll into a ball when they are afraid.');
      fixture.folders.push(folder);
    }
    fixture.sourceId = (
      await client.sources.create({ collection: 'routes', path: fixture.folders[0] ?? '' })
    ).id;
    fixture.doomedSourceId = (
      await client.sources.create({ collection: 'routes', path: fixture.folders[1] ?? '' })
    ).id;
  });
  afterAll(async () => {
    await env?.cleanup();
    for (const folder of fixture.folders) await rm(folder, { recursive: true, force: true });
  });

  const text = { input: 'The cat chased a mouse across the garden.', labels: ['animals', 'engines'] };
  const sampling = { temperature: 0, maxTokens: 12 };
  const drain = async (events: AsyncIterable<unknown>) => {
    for await (const _ of events);
  };
  const steps: Steps = {
    health: (c) => c.health(),
    collections: {
      create: (c) => c.collections.create({ name: 'routes-created' }),
      get: (c) => c.collections.get('routes'),
      list: (c) => c.collections.list(),
      delete: (c) => c.collections.delete('routes-doomed'),
    },
    documents: {
      list: (c) => c.documents.list('routes'),
      get: (c) => c.documents.get(fixture.documentId),
      content: (c) => c.documents.content(fixture.documentId),
      delete: (c) => c.documents.delete(fixture.doomedDocumentId),
    },
    jobs: {
      get: (c) => c.jobs.get(fixture.jobId),
      watch: (c) => drain(c.jobs.watch(fixture.jobId)),
    },
    // A text (JSON) and a file (multipart), waited for: the upload, the job's events, the documents.
    ingest: (c) =>
      c.ingest({
        collection: 'routes',
        documents: [
          { text: 'Bees dance to show where the flowers are.', title: 'Bees' },
          {
            bytes: new TextEncoder().encode('Moles dig tunnels.'),
            fileName: 'moles.txt',
            mimeType: 'text/plain',
          },
        ],
        wait: true,
      }),
    sources: {
      create: (c) => c.sources.create({ collection: 'routes', path: fixture.folders[2] ?? '' }),
      // Both listings: a collection's sources and every collection's.
      list: async (c) => [await c.sources.list('routes'), await c.sources.list()],
      get: (c) => c.sources.get(fixture.sourceId),
      sync: (c) => c.sources.sync(fixture.sourceId, { wait: true }),
      delete: (c) => c.sources.delete(fixture.doomedSourceId, { keepDocuments: true }),
    },
    search: (c) => c.search({ collection: 'routes', query: 'When do owls hunt?' }),
    ask: (c) => c.ask({ collection: 'routes', question: 'When do owls hunt?', sampling }),
    askStream: (c) => drain(c.askStream({ collection: 'routes', question: 'When do owls hunt?', sampling })),
    chats: {
      create: (c) => c.chats.create({ collection: 'routes', title: 'Routes' }),
      get: (c) => c.chats.get(fixture.chatId),
      list: (c) => c.chats.list('routes', { limit: 5 }),
      delete: (c) => c.chats.delete(fixture.doomedChatId),
    },
    models: (c) => c.models(),
    runAgent: (c) =>
      c.runAgent({
        input: 'When do owls hunt?',
        collections: ['routes'],
        tools: ['search'],
        maxSteps: 1,
        // Room for the step's JSON (12 tokens ran out before it was complete, a 4xx).
        sampling: { temperature: 0, maxTokens: 160 },
      }),
    generateObject: (c) =>
      c.generateObject({
        schema: {
          type: 'object',
          properties: { name: { type: 'string', maxLength: 8 } },
          required: ['name'],
        },
        prompt: 'Name a planet.',
        maxTokens: 24,
      }),
    classify: (c) => c.classify(text),
    keys: {
      create: (c) => c.keys.create({ name: 'routes-created', scopes: ['read'] }),
      list: (c) => c.keys.list(),
      revoke: (c) => c.keys.revoke(fixture.keyId),
    },
  };
  const named: [string, Step][] = Object.entries(steps).flatMap(([name, step]) =>
    typeof step === 'function'
      ? [[name, step] as [string, Step]]
      : Object.entries(step as Record<string, Step>).map(
          ([member, inner]) => [`${name}.${member}`, inner] as [string, Step],
        ),
  );

  test('every client method succeeds, and each request it sends is an operation of /openapi.json', async () => {
    // The table above covers the client's runtime members too (the compiler checks only the type).
    const members = Object.entries(client).flatMap(([name, value]) =>
      typeof value === 'function'
        ? [name]
        : Object.keys(value as object).map((member) => `${name}.${member}`),
    );
    expect(named.map(([name]) => name).sort()).toEqual(members.sort());

    const failed: string[] = [];
    for (const [name, step] of named) {
      recording = [];
      await step(client).catch((error: unknown) => failed.push(`${name}: ${String(error)}`));
      sentBy.set(name, recording);
      recording = null;
    }
    const undocumented = [...sentBy].flatMap(([name, sent]) =>
      sent
        .filter(({ method, path }) => !operationFor(operations, method, path))
        .map(({ method, path }) => `${name}: ${method} ${path}`),
    );
    const unrouted = [...sentBy].flatMap(([name, sent]) =>
      sent.filter(({ routed }) => !routed).map(({ method, path }) => `${name}: ${method} ${path}`),
    );
    const silent = [...sentBy].filter(([, sent]) => sent.length === 0).map(([name]) => name);
    expect({ failed, undocumented, unrouted, silent }).toEqual({
      failed: [],
      undocumented: [],
      unrouted: [],
      silent: [],
    });
  });

  test('the operations no client method calls are exactly the allow-list', () => {
    expect(sentBy.size).toBe(named.length);
    const called = new Set(
      [...sentBy.values()].flat().flatMap(({ method, path }) => operationFor(operations, method, path) ?? []),
    );
    const uncalled = operations.filter((operation) => !called.has(operation));
    expect(uncalled.sort()).toEqual(Object.keys(notCalledByTheClient).sort());
  });
});
