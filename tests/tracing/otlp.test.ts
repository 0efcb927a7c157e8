import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing } from '@lore/api/tracing';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';

interface OtlpBody {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: {
      scope: { name: string };
      spans: { name: string; spanId: string; parentSpanId?: string }[];
    }[];
  }[];
}

describe('OTLP/HTTP export to a collector (a local node:http server)', () => {
  const bodies: { path: string; type: string; body: OtlpBody }[] = [];
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      bodies.push({
        path: request.url ?? '',
        type: request.headers['content-type'] ?? '',
        body: JSON.parse(Buffer.concat(parts).toString('utf8')),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(() => server.close());

  test('without an endpoint nothing is registered: the setup returns undefined and spans do not record', () => {
    expect(startTracing({ otlpTracesUrl: undefined })).toBeUndefined();
    const span = trace.getTracer('lore').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  test('with an endpoint, a search on a real Lore reaches the collector as OTLP JSON, parent links intact', async () => {
    const { port } = server.address() as AddressInfo;
    const tracing = startTracing({ otlpTracesUrl: `http://127.0.0.1:${port}/v1/traces` }, 'lore-test');
    expect(tracing).toBeDefined();
    const env = await createTestLore('pglite');
    try {
      await env.lore.collections.create({ name: 'exported' });
      await env.lore.ingest({
        collection: 'exported',
        documents: [{ text: 'A rocket engine burns liquid hydrogen with liquid oxygen.', title: 'Rockets' }],
        wait: true,
      });
      expect(await env.lore.search({ collection: 'exported', query: 'rocket fuel' })).toHaveLength(1);
    } finally {
      await env.cleanup();
      await tracing?.shutdown(); // flushes the batch processor
    }
    expect(bodies.length).toBeGreaterThan(0);
    expect(
      bodies.every(({ path, type }) => path === '/v1/traces' && type.startsWith('application/json')),
    ).toBe(true);
    const resources = bodies.flatMap(({ body }) => body.resourceSpans);
    const serviceNames = resources.flatMap((resource) =>
      resource.resource.attributes.filter((attribute) => attribute.key === 'service.name'),
    );
    expect(serviceNames.map((attribute) => attribute.value.stringValue)).toContain('lore-test');
    const spans = resources.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
    const byName = (name: string) => spans.filter((span) => span.name === name);
    expect(byName('lore.ingest.job')).toHaveLength(1);
    const [search] = byName('lore.search');
    const [retrieve] = byName('lore.retrieve');
    expect(retrieve?.parentSpanId).toBe(search?.spanId);
    expect(byName('lore.fuse')[0]?.parentSpanId).toBe(retrieve?.spanId);
  });
});
