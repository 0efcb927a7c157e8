import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';

type TestLore = Awaited<ReturnType<typeof createTestLore>>;
interface Operation {
  method: string;
  path: string;
  /** Top-level properties of the JSON body schema, if any. */
  properties: string[];
}

/** A value of any JSON type, or a string that looks like one of the API's own values. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    'props',
    'hybrid',
    'keyword',
    'vector',
    'lore:props',
    'user',
    'assistant',
    'x'.repeat(5000),
    'nul \u0000 inside',
    ['\u0000'],
  ),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1, 1e308, Number.MAX_SAFE_INTEGER),
);

/** A body shaped like the operation's schema (known keys, random values), or arbitrary JSON. */
function bodyFor(operation: Operation) {
  const shaped =
    operation.properties.length > 0
      ? fc.dictionary(fc.constantFrom(...operation.properties), anyValue, {
          maxKeys: operation.properties.length,
        })
      : fc.constant({});
  return fc.oneof(shaped, fc.jsonValue({ maxDepth: 4 }), fc.constant(undefined));
}

const pathValue = fc.oneof(
  fc.constantFrom(
    'props',
    'missing',
    '00000000-0000-0000-0000-000000000000',
    '..',
    '%',
    ' ',
    'a'.repeat(300),
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  undefined,
);
const query = fc.dictionary(
  fc.constantFrom('wait', 'stream', 'limit', 'mode', 'x'),
  fc.string({ maxLength: 10 }),
  {
    maxKeys: 3,
  },
);

describe('request schemas under random input (app.request, no socket)', () => {
  let context: TestLore;
  let operations: Operation[];
  beforeAll(async () => {
    context = await createTestLore('pglite');
    await context.lore.collections.create({ name: 'props' });
    await context.lore.ingest({
      collection: 'props',
      documents: [{ text: 'Owls hunt at night.' }],
      wait: true,
    });
    const document = (await (await context.app.request('/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>
      >;
      components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, spec]) => {
        let schema = spec.requestBody?.content?.['application/json']?.schema as
          | { $ref?: string; properties?: Record<string, unknown> }
          | undefined;
        if (schema?.$ref) schema = document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''];
        return { method: method.toUpperCase(), path, properties: Object.keys(schema?.properties ?? {}) };
      }),
    );
  });
  afterAll(async () => {
    await context.cleanup();
  });

  test('the OpenAPI document lists the routes', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  test('random bodies, parameters and content types never get a 5xx (503 only for the missing LLM)', async () => {
    const request = fc.constantFrom(...operations).chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        body: bodyFor(operation),
        param: pathValue,
        contentType,
        query,
      }),
    );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, body, param, contentType, query }) => {
        if (!(await context.lore.collections.list()).some((collection) => collection.name === 'props')) {
          await context.lore.collections.create({ name: 'props' });
        }
        const path = operation.path.replace(/\{[^}]+\}/g, encodeURIComponent(param));
        const search = new URLSearchParams(query).toString();
        const init: RequestInit = { method: operation.method };
        if (operation.method !== 'GET' && body !== undefined) {
          init.body = JSON.stringify(body);
          if (contentType) init.headers = { 'content-type': contentType };
        }
        const response = await context.app.request(`${path}${search ? `?${search}` : ''}`, init);
        const text = await response.text();
        statuses.add(response.status);
        const where = `${operation.method} ${path} → ${response.status} ${text.slice(0, 300)}`;
        if (response.status >= 500) {
          expect(response.status, where).toBe(503);
          expect(JSON.parse(text).error.code, where).toBe('MODEL_UNAVAILABLE');
        }
        if (response.headers.get('content-type')?.includes('application/json') && response.status >= 400) {
          const error = JSON.parse(text).error;
          expect(typeof error?.code, where).toBe('string');
          expect(typeof error?.message, where).toBe('string');
        }
      }),
      { numRuns: 400 },
    );
    // The inputs reach the handlers, not only the validators.
    expect([...statuses].some((status) => status < 300)).toBe(true);
    expect([...statuses].filter((status) => status >= 400).length).toBeGreaterThan(2);
  });
});
