import { registerTracing, type Tracing } from '@lore/api/tracing';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLanguageModel, createTestLore } from '../support/lore.js';
import { childNames, find, tracesNamed } from './span-tree.js';

const cats =
  'The domestic cat sleeps for about fifteen hours a day. At night it hunts mice and small birds in the garden.';
const rockets =
  'A rocket engine burns liquid hydrogen with liquid oxygen. The exhaust leaves the nozzle very fast.';
const collection = 'traced';

describe('OpenTelemetry spans of ingestion, search, ask and agents (real SDK, in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let jobId = '';

  beforeAll(async () => {
    tracing = registerTracing([new SimpleSpanProcessor({ exporter })]);
    env = await createTestLore('pglite', { languageModel: createTestLanguageModel() });
    await env.lore.collections.create({ name: collection });
    const result = await env.lore.ingest({
      collection,
      documents: [
        { text: cats, title: 'Cats' },
        { bytes: new TextEncoder().encode(rockets), fileName: 'rockets.txt', mimeType: 'text/plain' },
      ],
      wait: true,
    });
    jobId = result.job.id;
  });
  afterAll(async () => {
    await env?.cleanup();
    await tracing?.shutdown();
  });

  test('an ingestion job: load and chunk per document, then embed and write for the batch', () => {
    const [job] = tracesNamed(exporter.getFinishedSpans(), 'lore.ingest.job').filter((root) =>
      (root.span.attributes['lore.job.ids'] as string[]).includes(jobId),
    );
    expect(childNames(job)).toEqual([
      'lore.ingest.chunk',
      'lore.ingest.chunk',
      'lore.ingest.embed',
      'lore.ingest.load',
      'lore.ingest.load',
      'lore.ingest.write',
    ]);
    expect(job?.span.attributes['lore.documents']).toBe(2);
    expect(find(job, 'lore.ingest.embed')?.span.attributes['lore.chunks']).toBeGreaterThanOrEqual(2);
  });

  test('a search: retrieve, with the vector and keyword searches and their fusion', async () => {
    exporter.reset();
    const results = await env.lore.search({ collection, query: 'what fuel do rocket engines use', topK: 2 });
    expect(results[0]?.title).toBe('rockets.txt');
    // Each result says how each retriever scored it.
    expect(results[0]?.scores).toMatchObject({ fused: results[0]?.score });
    expect(results[0]?.scores?.vector).toBeTypeOf('number');
    const [search] = tracesNamed(exporter.getFinishedSpans(), 'lore.search');
    expect(childNames(search)).toEqual(['lore.retrieve']);
    const retrieve = find(search, 'lore.retrieve');
    expect(childNames(retrieve)).toEqual(['lore.fuse', 'lore.retrieve.keyword', 'lore.retrieve.vector']);
    expect(retrieve?.span.attributes).toMatchObject({ 'lore.collection': collection, 'lore.results': 2 });
  });

  test('a failed search records its LoreError code on the span', async () => {
    exporter.reset();
    await expect(env.lore.search({ collection, query: '   ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const [search] = tracesNamed(exporter.getFinishedSpans(), 'lore.search');
    const retrieve = find(search, 'lore.retrieve');
    for (const span of [search?.span, retrieve?.span]) {
      expect(span?.status.code).toBe(SpanStatusCode.ERROR);
      expect(span?.attributes['lore.error.code']).toBe('BAD_REQUEST');
      expect(span?.events.map((event) => event.name)).toContain('exception');
    }
  });

  test('an answer: retrieve, prompt, generate, with token counts and the time to the first token', async () => {
    exporter.reset();
    const answer = await env.lore.ask({
      collection,
      question: 'How many hours a day does a cat sleep?',
      sampling: { temperature: 0, maxTokens: 40 },
    });
    const [ask] = tracesNamed(exporter.getFinishedSpans(), 'lore.ask');
    expect(childNames(ask)).toEqual(['lore.generate', 'lore.prompt', 'lore.retrieve']);
    // The steps start in this order (a tie keeps the order they ended in).
    const ms = ([seconds, nanos]: [number, number]) => seconds * 1e3 + nanos / 1e6;
    const started = [...(ask?.children ?? [])].sort((a, b) => ms(a.span.startTime) - ms(b.span.startTime));
    expect(started.map((child) => child.name)).toEqual(['lore.retrieve', 'lore.prompt', 'lore.generate']);
    const generate = find(ask, 'lore.generate')?.span;
    expect(generate?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': env.lore.languageModel?.provider,
      'gen_ai.request.model': env.lore.languageModel?.modelId,
      'gen_ai.request.max_tokens': 40,
    });
    expect(generate?.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(generate?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(generate?.attributes['lore.time_to_first_token_ms']).toBeGreaterThan(0);
    expect(ask?.span.attributes).toMatchObject({
      'lore.collection': collection,
      'gen_ai.usage.input_tokens': answer.usage.promptTokens,
      'gen_ai.usage.output_tokens': answer.usage.completionTokens,
      'lore.sources': answer.sources.length,
      'lore.citations': answer.citations.length,
    });
    expect(answer.usage.completionTokens).toBeGreaterThan(0);
  });

  test('the JSON ask response lists every passage of the prompt with its scores, and the cited ones among them', async () => {
    const { status, body } = await call(env.app, 'POST', `/v1/collections/${collection}/ask`, {
      question: 'How many hours a day does a cat sleep?',
      temperature: 0,
      maxTokens: 40,
    });
    expect(status).toBe(200);
    const sources = body.sources as { marker: number; title: string; scores: Record<string, number> }[];
    expect(sources.map((source) => source.title).sort()).toEqual(['Cats', 'rockets.txt']);
    for (const source of sources) expect(source.scores.fused).toBeTypeOf('number');
    const cats = sources.find((source) => source.title === 'Cats');
    expect(cats?.scores.vector).toBeTypeOf('number');
    // What the answer cites is among them (whether this small model cites at all is not the point here).
    const markers = new Set(sources.map((source) => source.marker));
    for (const citation of body.citations as { marker: number }[]) expect(markers).toContain(citation.marker);
  });

  test('a streamed answer has the same steps, and its span ends with the stream', async () => {
    exporter.reset();
    const types: string[] = [];
    for await (const event of env.lore.askStream({
      collection,
      question: 'What does a rocket engine burn?',
      sampling: { temperature: 0, maxTokens: 24 },
    })) {
      types.push(event.type);
    }
    expect(types.at(-1)).toBe('done');
    const [ask] = tracesNamed(exporter.getFinishedSpans(), 'lore.ask');
    expect(childNames(ask)).toEqual(['lore.generate', 'lore.prompt', 'lore.retrieve']);
    expect(ask?.span.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  });

  test('a streamed answer the caller stops after its sources still ends its span, with the steps so far', async () => {
    exporter.reset();
    for await (const event of env.lore.askStream({
      collection,
      question: 'What does a rocket engine burn?',
    })) {
      if (event.type === 'sources') break;
    }
    const [ask] = tracesNamed(exporter.getFinishedSpans(), 'lore.ask');
    expect(ask?.span.ended).toBe(true);
    expect(ask?.span.attributes['lore.sources']).toBeGreaterThan(0);
    // Retrieval finished and the prompt was built; no generation started.
    expect(childNames(ask)).toEqual(['lore.prompt', 'lore.retrieve']);
  });

  test('an agent run: a model step, a search tool call (with its retrieval), and the answer step', async () => {
    exporter.reset();
    const result = await env.lore.runAgent({
      input: 'What fuel does a rocket engine burn? Search the documents.',
      collections: [collection],
      tools: ['search'],
      prepareStep: ({ stepNumber }) => (stepNumber === 1 ? { tool: 'search' } : undefined),
      maxSteps: 2,
      maxAnswerChars: 60,
      sampling: { seed: 1, temperature: 0 },
    });
    expect(result.steps.map((step) => step.type)).toEqual(['tool', 'answer']);
    const [run] = tracesNamed(exporter.getFinishedSpans(), 'lore.agent.run');
    expect(childNames(run)).toEqual(['lore.agent.tool', 'lore.generate', 'lore.generate']);
    const tool = find(run, 'lore.agent.tool');
    expect(tool?.span.attributes['gen_ai.tool.name']).toBe('search');
    expect(childNames(tool)).toEqual(['lore.retrieve']);
    expect(run?.span.attributes).toMatchObject({
      'lore.agent.steps': 2,
      'gen_ai.usage.input_tokens': result.usage.promptTokens,
      'gen_ai.usage.output_tokens': result.usage.completionTokens,
    });
    expect(result.usage.promptTokens).toBeGreaterThan(0);
  });
});
