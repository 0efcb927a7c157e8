import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLanguageModel, createTestLore } from '../support/lore.js';

// One guide in six sections (the English eval documents, each under its own heading), so that a summary has
// parts far apart to draw from.
const sections = ['lighthouse', 'ferry', 'bakery', 'festival', 'lifeboat', 'observatory'];
const docs = join(import.meta.dirname, '../eval/answers/docs-en');

describe('whole-document answers (map-reduce over a document, SmolLM2 135M)', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let guide: string;
  let guideId: string;
  let otherId: string;
  beforeAll(async () => {
    guide = (await Promise.all(sections.map((name) => readFile(join(docs, `${name}.md`), 'utf8')))).join(
      '\n\n',
    );
    // A context window smaller than the guide, so that it is read in map steps.
    env = await createTestLore('pglite', { languageModel: createTestLanguageModel({ contextSize: 1024 }) });
    await env.lore.collections.create({ name: 'guide' });
    await env.lore.collections.create({ name: 'other' });
    const ingested = await env.lore.ingest({
      collection: 'guide',
      documents: [{ text: guide, title: 'Brindle Harbor guide', fileName: 'guide.md' }],
      wait: true,
    });
    guideId = ingested.documents[0]?.id ?? '';
    const other = await env.lore.ingest({
      collection: 'other',
      documents: [{ text: 'A short note about rockets.', title: 'Rockets' }],
      wait: true,
    });
    otherId = other.documents[0]?.id ?? '';
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  test('a summary reads every chunk in map steps and cites chunks from different parts of the document', async () => {
    const chunks = await env.lore.search({ collection: 'guide', query: 'harbor', topK: 50 });
    expect(chunks.length).toBeGreaterThan(2);
    const result = await env.lore.ask({
      collection: 'guide',
      question: 'Summarise this document.',
      groupTokens: 300,
      firstTokenSeconds: Number.POSITIVE_INFINITY,
      sampling: { temperature: 0, maxTokens: 160 },
    });
    expect(result.coverage).toEqual({
      documentId: guideId,
      title: 'Brindle Harbor guide',
      chunksRead: chunks.length,
      chunksTotal: chunks.length,
    });
    expect(result.answerable, result.answer).toBe(true);
    expect(new Set(result.citations.map((citation) => citation.chunkId)).size).toBeGreaterThan(1);
    for (const citation of result.citations) {
      expect(citation.documentId).toBe(guideId);
      expect(guide.slice(citation.start, citation.end)).toBe(citation.text);
    }
    const starts = result.citations.map((citation) => citation.start);
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThan(guide.length / 4);
  });

  test('with no time for every chunk, the chunks read are spread over the document and the coverage says so', async () => {
    const result = await env.lore.ask({
      collection: 'guide',
      question: 'List all the years mentioned in the guide.',
      groupTokens: 200,
      firstTokenSeconds: 0.001,
      sampling: { temperature: 0, maxTokens: 60 },
    });
    expect(result.coverage?.chunksRead).toBeGreaterThan(0);
    expect(result.coverage?.chunksRead).toBeLessThan(result.coverage?.chunksTotal ?? 0);
  });

  test('auto scope sends a fact question to the passage path, and a summary request to the document path', async () => {
    const fact = await env.lore.ask({
      collection: 'guide',
      question: 'How many steps lead up to the lantern room?',
      sampling: { temperature: 0, maxTokens: 40 },
    });
    expect(fact.coverage).toBeUndefined();
    const overview = await env.lore.ask({
      collection: 'guide',
      question: 'Give me an overview of this guide.',
      firstTokenSeconds: 0.001,
      sampling: { temperature: 0, maxTokens: 40 },
    });
    expect(overview.coverage?.documentId).toBe(guideId);
  });

  test('a streamed whole-document answer sends progress after each section it reads, before its first token', async () => {
    const response = await env.app.request('/v1/collections/guide/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Summarise it.', scope: 'document', stream: true, maxTokens: 40 }),
    });
    expect(response.status).toBe(200);
    const events = (await response.text())
      .split('\n\n')
      .filter((block) => block.includes('event: '))
      .map((block) => ({
        event: /^event: (.*)$/m.exec(block)?.[1],
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null'),
      }));
    const names = events.map((event) => event.event);
    const progress = events.filter((event) => event.event === 'progress').map((event) => event.data);
    expect(progress[0]?.done).toBe(0);
    const total = progress[0]?.total;
    expect(total).toBeGreaterThan(1); // the guide does not fit one 1,024-token context
    expect(progress.map((step) => step.done)).toEqual(progress.map((_, index) => index));
    for (const step of progress) expect(step).toEqual({ done: step.done, total });
    expect(progress.length - 1).toBeLessThanOrEqual(total);
    const lastProgress = names.lastIndexOf('progress');
    expect(names.indexOf('token') === -1 || names.indexOf('token') > lastProgress).toBe(true);
    expect(names.at(-1)).toBe('done');
    expect(events.at(-1)?.data.coverage.documentId).toBe(guideId);
  });

  test('scope document with a document of another collection, or none, is a 404 that says so', async () => {
    for (const documentId of [otherId, 'no-such-document']) {
      const { status, body } = await call(env.app, 'POST', '/v1/collections/guide/ask', {
        question: 'Summarise it.',
        scope: 'document',
        documentId,
      });
      expect(status).toBe(404);
      expect(body.error.code).toBe('NOT_FOUND');
      expect(body.error.message).toContain(documentId);
    }
  });
});
